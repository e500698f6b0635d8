// SPDX-License-Identifier: Apache-2.0
import type { IsoDate } from '@yibao/domain'
import { dateOf, fromEpochMs } from '@yibao/domain'
import type { AppContext } from './app.js'

/** Today's date by the context's clock (tests pass a fixed one), else by now. */
export function todayOf(ctx: Pick<AppContext, 'clock'>): IsoDate {
  return dateOf(fromEpochMs((ctx.clock?.() ?? new Date()).getTime()))
}
