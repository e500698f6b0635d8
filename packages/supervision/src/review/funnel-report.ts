// SPDX-License-Identifier: Apache-2.0

/** The figures of the funnel's summary sentence: person-times (就诊人次) and amounts (fen). */
export interface FunnelFigures {
  /** Encounters with a machine finding, and the findings' amount. */
  readonly flagged: { readonly visits: number; readonly amount: number }
  /** Encounters with a finding sent to the institution, and those findings' amount. */
  readonly dispatched: { readonly visits: number; readonly amount: number }
  /** Encounters with an upheld finding, and the upheld amount. */
  readonly upheld: { readonly visits: number; readonly amount: number }
}

/** Ten-thousands of yuan with two decimals (127.96 for ¥1,279,600), from fen; halves away from zero. */
export function fenToWanYuan(fen: number): string {
  const abs = Math.round(Math.abs(fen) / 10_000)
  const sign = fen < 0 && abs > 0 ? '-' : ''
  return `${sign}${Math.floor(abs / 100).toLocaleString('en-US')}.${String(abs % 100).padStart(2, '0')}`
}

function percent(part: number, whole: number): string {
  return whole === 0 ? '—' : `${((100 * part) / whole).toFixed(1)}%`
}

/**
 * The funnel as bureaus report it (辰溪县 2024: “智能审核初审疑点 5,857 人次、127.96 万元，经医院申诉、
 * 复审认定 3,685 人次、35.69 万元”): person-times and amounts flagged, sent and upheld, and the
 * upheld share of what was sent by person-times and by amount.
 */
export function funnelSentence(f: FunnelFigures): string {
  const n = (v: number): string => v.toLocaleString('en-US')
  return (
    `智能审核初审疑点 ${n(f.flagged.visits)} 人次、${fenToWanYuan(f.flagged.amount)} 万元；` +
    `下发定点医药机构 ${n(f.dispatched.visits)} 人次、${fenToWanYuan(f.dispatched.amount)} 万元，` +
    `经申诉、复审认定 ${n(f.upheld.visits)} 人次、${fenToWanYuan(f.upheld.amount)} 万元` +
    `（认定率：按人次 ${percent(f.upheld.visits, f.dispatched.visits)}，` +
    `按金额 ${percent(f.upheld.amount, f.dispatched.amount)}）。`
  )
}
