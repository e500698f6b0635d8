// SPDX-License-Identifier: Apache-2.0
import { describe, expect, it } from 'vitest'
import type { DipGroup } from '@yibao/knowledge'
import { loadBuiltinPack } from '@yibao/knowledge'
import { DipGrouper, otherParts } from './dip-grouper.js'

const pack = loadBuiltinPack()
const surgical = new Set(pack.procedures.filter((p) => p.validOr).map((p) => p.code))
const grouper = new DipGrouper(pack.dip, (c) => surgical.has(c))

/** A case made from a catalogue entry: its category as diagnosis, one of its operations. */
function casesFor(g: DipGroup): { diag: string; ops: string[] }[] {
  if (g.mainOps.length === 0) return [{ diag: g.diagCategory, ops: [] }]
  const other = otherParts(g.otherOps).map((part) => part[0]!)
  return g.mainOps.map((op) => ({ diag: g.diagCategory, ops: [op, ...other] }))
}

describe('DIP grouper', () => {
  it('groups a case made from each of the catalogue entries to that entry', () => {
    const missed: string[] = []
    for (const g of pack.dip) {
      const hit = casesFor(g).some((c) => grouper.group(c.diag, c.ops)?.code === g.code)
      if (!hit) missed.push(g.code)
    }
    const grouped = pack.dip.length - missed.length
    console.log(`DIP 目录自洽：${grouped} / ${pack.dip.length}`)
    expect(pack.dip).toHaveLength(3393)
    expect(missed).toEqual([])
  })

  it('matches the longest category a full diagnosis code starts with', () => {
    const g = pack.dip.find((x) => x.diagCategory.length === 5 && x.mainOps.length === 0)!
    expect(grouper.group(`${g.diagCategory}00x001`, [])?.code).toBe(g.code)
  })

  it('prefers the group that lists the case’s other operations too', () => {
    const withOther = pack.dip.find((x) => otherParts(x.otherOps).length === 1)!
    const plain = pack.dip.find(
      (x) =>
        x.diagCategory === withOther.diagCategory &&
        x.otherOps.length === 0 &&
        x.mainOps.some((o) => withOther.mainOps.includes(o))
    )
    const op = plain?.mainOps.find((o) => withOther.mainOps.includes(o)) ?? withOther.mainOps[0]!
    expect(grouper.group(withOther.diagCategory, [op, withOther.otherOps[0]!])?.code).toBe(
      withOther.code
    )
    if (plain) expect(grouper.group(withOther.diagCategory, [op])?.code).toBe(plain.code)
  })

  it('sends an unlisted surgical case to the comprehensive surgical group of its category', () => {
    const g = pack.dip.find((x) => x.diagCategory.startsWith('K35'))!
    const listed = new Set(
      pack.dip.filter((x) => x.diagCategory.startsWith('K35')).flatMap((x) => x.mainOps)
    )
    const op = [...surgical].find((c) => !listed.has(c))!
    const a = grouper.group(g.diagCategory, [op])!
    expect(a).toMatchObject({ code: 'ZH.K35.S', kind: 'COMPREHENSIVE' })
    expect(a.score).toBeGreaterThan(0)
  })

  it('sends a diagnosis outside the catalogue to a comprehensive group scored from its chapter', () => {
    const a = grouper.group('Z99.900', [])!
    expect(a.kind).toBe('COMPREHENSIVE')
    const chapter = pack.dip.filter((x) => x.diagCategory.startsWith('Z') && x.mainOps.length === 0)
    if (chapter.length === 0) expect(a.score).toBeGreaterThan(0)
    else expect(a.score).toBeGreaterThanOrEqual(Math.min(...chapter.map((x) => x.score)))
  })

  it('reads 其他手术 `a+b/c` as a and (b or c)', () => {
    expect(otherParts(['14.2402+14.7903', '14.7905'])).toEqual([
      ['14.2402'],
      ['14.7903', '14.7905'],
    ])
    const g = pack.dip.find((x) => x.code.startsWith('Z48.8:14.6x02_14.2402'))!
    expect(grouper.group('Z48.8', ['14.6x02', '14.2402', '14.7905'])?.code).toBe(g.code)
    expect(grouper.group('Z48.8', ['14.6x02', '14.2402'])?.code).not.toBe(g.code)
  })

  it('needs a principal diagnosis', () => {
    expect(grouper.group(null, ['47.0901'])).toBeNull()
  })
})
