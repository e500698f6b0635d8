// SPDX-License-Identifier: Apache-2.0
import { fenToWanYuan } from '../review/funnel-report.js'

/**
 * How far a set of clues has got. The counts are cumulative: a clue under investigation has been
 * assigned, a closed one has been investigated.
 */
export interface ClueFunnelFigures {
  /** Clues received. */
  readonly clues: number
  /** Clues assigned to an inspector (every state but NEW). */
  readonly assigned: number
  /** Clues whose investigation has begun (INVESTIGATING or CLOSED). */
  readonly investigating: number
  /** Closed as confirmed (查实). */
  readonly confirmed: number
  /** Closed as unfounded (查无实据). */
  readonly unfounded: number
  /** Amount suspected by the clues, fen. */
  readonly suspectedAmount: number
  /** Amount recovered on confirmed clues, fen. */
  readonly recoveredAmount: number
}

/**
 * The clue funnel as bureaus report it (辰溪县 2024: “完成国家省市下发线索 5 批次，共 8549 条”):
 * clues received, checked (closed either way), confirmed, and the amount recovered.
 *
 * @example
 * clueFunnelSentence({ clues: 8549, assigned: 8549, investigating: 8549, confirmed: 2,
 *   unfounded: 8547, suspectedAmount: 0, recoveredAmount: 481_564 })
 * // '共接收线索 8,549 条，已核查 8,549 条，查实 2 条，追回 0.48 万元。'
 */
export function clueFunnelSentence(f: ClueFunnelFigures): string {
  const n = (v: number): string => v.toLocaleString('en-US')
  return (
    `共接收线索 ${n(f.clues)} 条，已核查 ${n(f.confirmed + f.unfounded)} 条，` +
    `查实 ${n(f.confirmed)} 条，追回 ${fenToWanYuan(f.recoveredAmount)} 万元。`
  )
}
