// SPDX-License-Identifier: Apache-2.0

/** Package version, so that an empty package still has a typed entry point. */
export const version = '0.1.0'
