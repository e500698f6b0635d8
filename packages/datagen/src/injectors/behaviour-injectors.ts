// SPDX-License-Identifier: Apache-2.0
import { BED_FEE_CODE, INPATIENT_CONSULT_CODE } from '../demo-catalog.js'
import type { Injector } from '../injector.js'
import type { DraftEncounter, PersonTimeline } from '../timeline.js'
import { newStay, pickEncounter, removeEncounter } from './injector-helpers.js'

const IDLE_CODES = new Set([BED_FEE_CODE, INPATIENT_CONSULT_CODE])
const isIdle = (code: string, chargeType: string): boolean =>
  IDLE_CODES.has(code) || chargeType === '07'

/** Free days in [from, to] (ascending), at most `n`, chosen at random. */
function freeDays(
  t: PersonTimeline,
  from: number,
  to: number,
  n: number,
  pick: (a: number[]) => number[]
): number[] {
  const days: number[] = []
  for (let d = Math.max(0, from); d <= to; d++) if (!t.busy.has(d)) days.push(d)
  return pick(days)
    .slice(0, n)
    .sort((a, b) => a - b)
}

/** Behaviour and fraud-pattern injectors (domain.md §1.5.3 M15–M17 and §1.5.5). */
export const BEHAVIOUR_INJECTORS: readonly Injector[] = [
  {
    code: 'M15',
    description: '30天内门诊就诊12次以上（频繁门诊）',
    inject(ctx, [t]) {
      if (!t) return false
      const last = ctx.factory.lastDay(t)
      const start = ctx.rng.int(0, Math.max(0, last - 30))
      const days = freeDays(t, start, Math.min(last, start + 29), ctx.rng.int(12, 15), (a) =>
        ctx.rng.shuffle(a)
      )
      if (days.length < 12) return false
      let enc: DraftEncounter | undefined
      for (const d of days) {
        const r = ctx.rng.next()
        const inst =
          r < 0.4
            ? ctx.ref.villageClinics[t.village]
            : r < 0.6
              ? ctx.rng.pick(ctx.ref.clinics)
              : r < 0.8
                ? ctx.ref.townshipHospitals[t.town]
                : ctx.ref.countyHospitals[0]
        if (!inst) return false
        enc = ctx.factory.add(t, ctx.builder.outpatient(t, inst, d, '11'))
      }
      if (!enc) return false
      enc.truths.push({
        type: 'M15',
        line: null,
        charges: null,
        note: `30天内门诊就诊${days.length}次`,
      })
      return true
    },
  },
  {
    code: 'M16',
    description: '30天内药店购药10次以上（频繁购药）',
    inject(ctx, [t]) {
      if (!t) return false
      const last = ctx.factory.lastDay(t)
      const start = ctx.rng.int(0, Math.max(0, last - 30))
      const days = freeDays(t, start, Math.min(last, start + 29), ctx.rng.int(10, 13), (a) =>
        ctx.rng.shuffle(a)
      )
      if (days.length < 10) return false
      const shop = ctx.factory.pharmacyFor(t)
      let enc: DraftEncounter | undefined
      for (const d of days)
        enc = ctx.factory.add(
          t,
          ctx.builder.pharmacy(t, ctx.rng.chance(0.7) ? shop : ctx.factory.pharmacyFor(t), d)
        )
      if (!enc) return false
      enc.truths.push({
        type: 'M16',
        line: null,
        charges: null,
        note: `30天内药店购药${days.length}次`,
      })
      return true
    },
  },
  {
    code: 'M17',
    description: '一年内住院4次以上（频繁住院）',
    inject(ctx, [t]) {
      if (!t || t.encounters.some((e) => e.kind === 'INPATIENT')) return false
      const n = ctx.rng.int(4, 5)
      const cases = ctx.rng
        .shuffle(ctx.catalog.caseTypes.filter((c) => c.opCode === null))
        .slice(0, 40)
      const made: DraftEncounter[] = []
      const seen = new Set<string>()
      let from = ctx.rng.int(0, 40)
      for (let i = 0; i < n; i++) {
        const caseType = cases.find((c) => !seen.has(c.diagCode.slice(0, 3)))
        if (!caseType) break
        seen.add(caseType.diagCode.slice(0, 3))
        const inst = ctx.rng.chance(0.5)
          ? ctx.ref.townshipHospitals[t.town]
          : ctx.rng.pick(ctx.ref.privateHospitals)
        const enc = newStay(ctx, t, {
          inst,
          los: ctx.rng.int(3, 5),
          caseType,
          from,
          to: from + 45,
          gap: 16,
        })
        if (!enc) break
        made.push(enc)
        from = enc.endDay + 17
      }
      if (made.length < 4) {
        for (const e of made) removeEncounter(t, e)
        return false
      }
      const lastStay = made[made.length - 1]
      lastStay?.truths.push({
        type: 'M17',
        line: null,
        charges: null,
        note: `期间内住院${made.length}次`,
      })
      return lastStay !== undefined
    },
  },
  {
    code: 'F1',
    description: '住院期间连续3天以上只收床位、诊查、护理费（挂床住院）',
    inject(ctx, [t]) {
      if (!t) return false
      const enc = newStay(ctx, t, {
        los: ctx.rng.int(8, 11),
        surgical: false,
        inst: ctx.rng.pick(ctx.ref.townshipHospitals),
      })
      if (!enc) return false
      const idle = ctx.rng.int(3, 5)
      const from = enc.beginDay + 2
      const to = Math.min(enc.endDay - 2, from + idle - 1)
      if (to - from + 1 < 3) {
        removeEncounter(t, enc)
        return false
      }
      enc.lines = enc.lines.filter(
        (l) => l.day < from || l.day > to || isIdle(l.code, l.chargeType)
      )
      let charges = 0
      for (const l of enc.lines) if (l.day >= from && l.day <= to) charges += l.amount
      enc.truths.push({
        type: 'F1',
        line: null,
        charges,
        note: `住院期间连续${to - from + 1}天仅收取床位费、诊查费和护理费`,
      })
      return true
    },
  },
  {
    code: 'F2',
    description: '床位费天数多于住院天数',
    inject(ctx, [t]) {
      const enc =
        t &&
        pickEncounter(
          ctx,
          t,
          (e) => e.kind === 'INPATIENT' && e.lines.some((l) => l.code === BED_FEE_CODE)
        )
      const bed = enc?.lines.find((l) => l.code === BED_FEE_CODE)
      const item = ctx.catalog.items.get(BED_FEE_CODE)
      if (!enc || !bed || !item) return false
      const line = ctx.builder.addItem(
        enc,
        item,
        1,
        enc.endDay,
        Math.max(0, enc.endSecond - 1800),
        bed.price
      )
      enc.truths.push({
        type: 'F2',
        line,
        charges: null,
        note: `床位费${enc.endDay - enc.beginDay + 1}天，住院${enc.endDay - enc.beginDay}天`,
      })
      return true
    },
  },
  {
    code: 'F3',
    description: '参保人死亡后仍发生费用',
    inject(ctx, [t]) {
      if (!t || t.person.deathDate !== null) return false
      const target = pickEncounter(ctx, t, (e) => e.kind !== 'INPATIENT' && e.beginDay >= 20)
      if (!target) return false
      const death = target.beginDay - ctx.rng.int(2, 15)
      // Everything else after the death day did not happen.
      for (const e of t.encounters.slice()) {
        if (e !== target && e.endDay >= death) removeEncounter(t, e)
      }
      t.person.deathDate = ctx.clock.date(death)
      target.truths.push({
        type: 'F3',
        line: null,
        charges: null,
        note: `参保人于${ctx.clock.date(death)}死亡，其后仍发生结算`,
      })
      return true
    },
  },
  {
    code: 'F4',
    description: '住院期间另有门诊、药店结算或在另一医院住院（同一时间多地就医）',
    inject(ctx, [t]) {
      if (!t) return false
      const stay = pickEncounter(
        ctx,
        t,
        (e) => e.kind === 'INPATIENT' && e.endDay - e.beginDay >= 4
      )
      if (!stay) return false
      const day = ctx.rng.int(stay.beginDay + 1, stay.endDay - 2)
      let enc: DraftEncounter
      if (ctx.rng.chance(0.35)) {
        const cases = ctx.catalog.caseTypes.filter(
          (c) => c.opCode === null && c.diagCode.slice(0, 3) !== stay.diagnoses[0]?.code.slice(0, 3)
        )
        const other =
          ctx.ref.townshipHospitals.find(
            (h) => h !== stay.inst && h.code !== ctx.ref.townshipHospitals[t.town]?.code
          ) ?? ctx.ref.privateHospitals[0]
        if (
          !other ||
          cases.length === 0 ||
          t.encounters.filter((e) => e.kind === 'INPATIENT').length >= 3
        )
          return false
        const los = Math.min(3, ctx.factory.lastDay(t) - day)
        if (los < 2) return false
        enc = ctx.builder.inpatient(t, other, day, los, ctx.rng.pick(cases))
      } else if (ctx.rng.chance(0.5)) {
        enc = ctx.builder.pharmacy(t, ctx.factory.pharmacyFor(t), day)
      } else {
        enc = ctx.builder.outpatient(
          t,
          ctx.ref.villageClinics[t.village] ?? ctx.rng.pick(ctx.ref.villageClinics),
          day,
          '11'
        )
      }
      t.encounters.push(enc)
      for (let d = enc.beginDay; d <= enc.endDay; d++) t.busy.add(d)
      enc.truths.push({
        type: 'F4',
        line: null,
        charges: null,
        note: `在${stay.inst.name}住院期间于${enc.inst.name}发生${enc.kind === 'INPATIENT' ? '住院' : enc.kind === 'PHARMACY' ? '购药' : '门诊'}结算`,
      })
      return true
    },
  },
  {
    code: 'F9',
    description: '3人以上结伴在同一机构同日就诊，90天内3次以上',
    persons: 3,
    inject(ctx, group) {
      if (group.length < 3) return false
      const last = Math.min(...group.map((t) => ctx.factory.lastDay(t)))
      const d0 = ctx.rng.int(0, Math.max(0, last - 90))
      const days = [d0, d0 + ctx.rng.int(15, 35), d0 + ctx.rng.int(45, 85)]
      if (days.some((d) => d > last) || group.some((t) => days.some((d) => t.busy.has(d))))
        return false
      const inst = ctx.rng.pick(ctx.ref.privateHospitals)
      const second = ctx.rng.int(9 * 3600, 15 * 3600)
      for (const t of group) {
        let enc: DraftEncounter | undefined
        for (const d of days) {
          enc = ctx.factory.add(t, ctx.builder.outpatient(t, inst, d, '11'))
          enc.beginSecond = second + ctx.rng.int(0, 600)
          enc.endSecond = enc.beginSecond + 1800
          for (const l of enc.lines) l.second = enc.beginSecond + 300
        }
        enc?.truths.push({
          type: 'F9',
          line: null,
          charges: null,
          note: `与${group.length - 1}名参保人在${inst.name}同日就诊3次（90天内）`,
        })
      }
      return true
    },
  },
  {
    code: 'F10',
    description: '同一参保人同日在同一药店多次结算（拆分交易）',
    inject(ctx, [t]) {
      if (!t) return false
      const first = pickEncounter(ctx, t, (e) => e.kind === 'PHARMACY')
      if (!first) return false
      const extra = ctx.rng.int(1, 3)
      for (let i = 1; i <= extra; i++) {
        const enc = ctx.builder.open(
          'PHARMACY',
          '41',
          first.inst,
          first.beginDay,
          Math.min(86000, first.beginSecond + i * ctx.rng.int(20, 90)),
          first.endDay,
          0
        )
        enc.doctor = null
        enc.endSecond = enc.beginSecond + 60
        for (const l of first.lines) {
          const copy = { ...l, second: enc.beginSecond, id: '' }
          enc.lines.push(copy)
        }
        t.encounters.push(enc)
        enc.truths.push({
          type: 'F10',
          line: null,
          charges: null,
          note: `同日在${first.inst.name}第${i + 1}次结算，金额与首笔相同`,
        })
      }
      return true
    },
  },
]
