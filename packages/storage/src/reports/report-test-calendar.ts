// SPDX-License-Identifier: Apache-2.0

/**
 * The 2025 National Day and Mid-Autumn holiday as a review-policy change, for tests of working-day
 * deadlines: 10-01 … 10-08 off (the weekdays among them listed), Sunday 09-28 and Saturday 10-11
 * worked.
 */
export const NATIONAL_DAY_2025 = {
  holidays: ['2025-10-01', '2025-10-02', '2025-10-03', '2025-10-06', '2025-10-07', '2025-10-08'],
  workdays: ['2025-09-28', '2025-10-11'],
} as const
