// SPDX-License-Identifier: Apache-2.0
// Packed records for worker threads: pack → structured clone with transfer → unpack gives the
// records back exactly, and text that would break the packing is refused by name.
import type { PersonRecords } from '@yibao/domain'
import { describe, expect, test } from 'vitest'
import { ITEMS, Scenario } from '../testing.js'
import type { PackedRecords } from './packed-records.js'
import { packedTransferList, packRecords, unpackRecords } from './packed-records.js'

/** Records with every representation: nulls, flags both ways, fractions, Chinese, negatives. */
function varied(): PersonRecords {
  const s = new Scenario('Q')
  const man = s.person()
  const woman = s.person({ gender: '2', birthDate: '1961-02-28', deathDate: '2025-07-01' })
  const stay = s.routineStay(man, {
    from: '2025-06-02',
    to: '2025-06-04',
    readmitPlanned: true,
    dscgWay: null,
  })
  s.diagnosis(stay, 'E11.900', '2型糖尿病（伴并发症）', { type: '2' })
  s.line(stay, {
    ...ITEMS.drug2,
    quantity: 0.25,
    days: 7,
    rxNo: 'RX-甲-001',
    orderDoctor: 'D01',
    execDoctor: 'N02',
    dischargeMed: true,
    uploadTime: null,
    catalogClass: '03',
  })
  s.line(stay, { ...ITEMS.drug, quantity: -2, amount: -170, name: '' }) // a refund, empty name
  s.settle(stay)
  const visit = s.outpatient(woman, { diag: null, end: null })
  s.line(visit, { ...ITEMS.visit, price: 123_456, quantity: 1.5 })
  const r = s.records()
  return {
    ...r,
    identities: [
      { psnNo: man.psnNo, type: 'DIBAO', begin: '2025-01-01', end: null, source: '民政局' },
      { psnNo: woman.psnNo, type: 'TEKUN', begin: '2024-01-01', end: '2024-12-31', source: '' },
    ],
    settlements: r.settlements.map((x) => ({ ...x, refunded: true, hifmiPay: 12.5 })),
  }
}

function empty(): PersonRecords {
  return {
    persons: [],
    identities: [],
    encounters: [],
    diagnoses: [],
    operations: [],
    feeLines: [],
    settlements: [],
  }
}

/** What a worker receives: a structured clone with the typed arrays transferred. */
function posted(packed: PackedRecords): PackedRecords {
  return structuredClone(packed, { transfer: packedTransferList(packed) })
}

describe('packRecords / unpackRecords', () => {
  test('the scenario has what the test needs', () => {
    const r = varied()
    expect(r.operations).toEqual([])
    expect(r.feeLines.some((l) => l.rxNo === null && l.days === null)).toBe(true)
    expect(r.feeLines.some((l) => !Number.isInteger(l.quantity))).toBe(true)
    expect(r.encounters.some((e) => e.readmitPlanned)).toBe(true)
  })

  test('pack → structured clone with transfer → unpack equals the original', () => {
    const records = varied()
    const original = structuredClone(records)
    const packed = packRecords(records)
    const back = unpackRecords(posted(packed))
    expect(back).toEqual(original)
    // Every field comes back, null as null and not as undefined, false as false.
    const line = back.feeLines.find((l) => l.rxNo === 'RX-甲-001')!
    expect(line).toMatchObject({ quantity: 0.25, days: 7, dischargeMed: true, uploadTime: null })
    expect(Object.keys(line).sort()).toEqual(Object.keys(records.feeLines[0]!).sort())
    expect(back.persons[1]!.deathDate).toBe('2025-07-01')
    expect(back.persons[0]!.deathDate).toBeNull()
  })

  test('the typed arrays are transferred, not copied', () => {
    const packed = packRecords(varied())
    const list = packedTransferList(packed)
    expect(list).toHaveLength(2 * Object.keys(packed.kinds).length)
    expect(new Set(list).size).toBe(list.length)
    expect(packed.kinds.feeLines.numbers.length).toBeGreaterThan(0)
    posted(packed)
    expect(packed.kinds.feeLines.numbers.byteLength).toBe(0)
    expect(packed.kinds.encounters.booleans.byteLength).toBe(0)
  })

  test('strings of a kind travel as one string', () => {
    const packed = packRecords(varied())
    expect(typeof packed.kinds.feeLines.strings).toBe('string')
    expect(packed.kinds.feeLines.n).toBe(varied().feeLines.length)
  })

  test('empty records round-trip', () => {
    expect(unpackRecords(posted(packRecords(empty())))).toEqual(empty())
  })

  test('a single row with an empty text round-trips', () => {
    const records = { ...empty(), identities: varied().identities.slice(1) }
    expect(unpackRecords(posted(packRecords(records)))).toEqual(records)
  })

  test('a text with U+0001 makes unpack throw, naming the kind', () => {
    const records = varied()
    const bad = {
      ...records,
      feeLines: records.feeLines.map((l, n) =>
        n === 1 ? { ...l, name: '阿莫西林\u0001胶囊' } : l
      ),
    }
    expect(() => unpackRecords(posted(packRecords(bad)))).toThrow(/feeLines.*U\+0001/)
    const badPerson = {
      ...records,
      persons: records.persons.map((p) => ({ ...p, certno: `\u0001${p.certno}` })),
    }
    expect(() => unpackRecords(packRecords(badPerson))).toThrow(/persons/)
  })
})
