// SPDX-License-Identifier: Apache-2.0
import { LEVEL_LABELS, lineAmount, priceE4ToYuan } from '@yibao/domain'
import type { KnowledgeCondition } from '@yibao/knowledge'
import { BED_FEE_CODE } from '../demo-catalog.js'
import type { ChargeContext } from '../encounter-builder.js'
import type { InjectContext, Injector } from '../injector.js'
import { capOf } from '../reference-data.js'
import type { DraftEncounter, PersonTimeline } from '../timeline.js'
import {
  isAdult,
  newOutpatient,
  newStay,
  pickEncounter,
  removeEncounter,
  violatingItem,
} from './injector-helpers.js'

/** Adds one service item breaking exactly one condition kind. */
function itemRule(
  code: string,
  description: string,
  kind: KnowledgeCondition['kind'],
  extra: (cond: KnowledgeCondition, batch: number) => boolean,
  note: (name: string, c: ChargeContext) => string,
  who: (t: PersonTimeline) => boolean
): Injector {
  return {
    code,
    description,
    inject(ctx: InjectContext, [t]: PersonTimeline[]): boolean {
      if (!t || !who(t)) return false
      const enc =
        pickEncounter(ctx, t, (e) => e.kind === 'INPATIENT') ??
        pickEncounter(ctx, t, (e) => e.kind === 'OUTPATIENT' && e.inst.level >= 1)
      if (!enc) return false
      const day =
        enc.kind === 'INPATIENT' ? ctx.rng.int(enc.beginDay, enc.endDay - 1) : enc.beginDay
      const c: ChargeContext = { t, enc, day }
      const item = violatingItem(ctx, c, kind, (cond, p) => extra(cond, p.batch))
      if (!item) return false
      const second = day === enc.beginDay ? enc.beginSecond + 800 : 10 * 3600
      const line = ctx.builder.addItem(enc, item, 1, day, second)
      enc.truths.push({ type: code, line, charges: null, note: note(item.name, c) })
      return true
    },
  }
}

/** Service-item policy injectors (domain.md §1.5.2) and 项目区分性别使用 (R16). */
export const ITEM_INJECTORS: readonly Injector[] = [
  {
    code: 'S1',
    description: '医疗服务项目或耗材单价超过本级限价',
    inject(ctx, [t]) {
      if (!t) return false
      const enc = pickEncounter(ctx, t, (e) =>
        e.lines.some((l) => l.listType === '201' || l.listType === '301')
      )
      const lines = enc?.lines.filter((l) => l.listType === '201' || l.listType === '301') ?? []
      if (!enc || lines.length === 0) return false
      const line = ctx.rng.pick(lines)
      const item = ctx.catalog.items.get(line.code)
      if (!item) return false
      const cap = capOf(item.basePrice, enc.inst.level)
      line.price = Math.round((cap * (1.15 + ctx.rng.next() * 0.4)) / 100) * 100
      line.amount = lineAmount(line.quantity, line.price)
      const charges = line.amount - lineAmount(line.quantity, cap)
      enc.truths.push({
        type: 'S1',
        line,
        charges,
        note: `【${line.name}】单价${priceE4ToYuan(line.price)}元，超过${LEVEL_LABELS[enc.inst.level]}限价${priceE4ToYuan(cap)}元`,
      })
      return true
    },
  },
  {
    code: 'S2',
    description: '同一切口第二项手术未按规定折价收费',
    inject(ctx, [t]) {
      if (!t) return false
      const enc = newStay(ctx, t, {
        surgical: true,
        los: ctx.rng.int(5, 9),
        inst: ctx.ref.countyHospitals[0],
      })
      if (!enc) return false
      const first = enc.lines.find((l) => ctx.catalog.restrictions(l.code).surgeryGroup !== null)
      const group = first ? ctx.catalog.restrictions(first.code).surgeryGroup : null
      const items = group === null ? [] : (ctx.catalog.surgeryGroups.get(group) ?? [])
      const second = items.find(
        (i) =>
          first &&
          i.code !== first.code &&
          !ctx.builder.conflicts(enc, i.code) &&
          ctx.builder.allowed(i.code, { t, enc, day: first.day })
      )
      if (!first || !second) {
        removeEncounter(t, enc)
        return false
      }
      const rate = ctx.catalog
        .points(second.code)
        .find((p) => p.condition.kind === 'SURGERY_DISCOUNT')
      const r = rate?.condition.kind === 'SURGERY_DISCOUNT' ? rate.condition.secondaryRate : 0.5
      const line = ctx.builder.addItem(enc, second, 1, first.day, first.second + 1800)
      enc.truths.push({
        type: 'S2',
        line,
        charges: line.amount - Math.round(line.amount * r),
        note: `同一切口第二项手术【${second.name}】按全价收费，应按${Math.round(r * 100)}%计价`,
      })
      return true
    },
  },
  itemRule(
    'S5',
    '限新生儿项目用于成人',
    'AGE',
    (c, batch) => batch === 1 && c.kind === 'AGE' && c.unit === 'DAY',
    (n, c) => `限新生儿项目【${n}】用于${c.t.age}岁患者`,
    isAdult
  ),
  itemRule(
    'S6',
    '限儿童项目用于成人',
    'AGE',
    (c, batch) => batch === 1 && c.kind === 'AGE' && c.unit === 'YEAR',
    (n, c) => `限儿童项目【${n}】用于${c.t.age}岁患者`,
    isAdult
  ),
  itemRule(
    'S16',
    '限年龄项目用于范围外年龄（第八批）',
    'AGE',
    (c, batch) => batch === 8 && c.kind === 'AGE',
    (n, c) => `限定年龄项目【${n}】用于${c.t.age}岁参保人`,
    (t) => t.age >= 61
  ),
  itemRule(
    'R16',
    '限定性别项目用于另一性别',
    'GENDER',
    () => true,
    (n, c) =>
      `限${c.t.person.gender === '1' ? '女' : '男'}性项目【${n}】用于${c.t.person.gender === '1' ? '男' : '女'}性患者`,
    () => true
  ),
  {
    code: 'S10',
    description: '限支付疗程项目超过疗程天数',
    inject(ctx, [t]) {
      if (!t) return false
      const items = [...ctx.catalog.items.values()].filter((i) => {
        const r = ctx.catalog.restrictions(i.code)
        return (
          i.listType === '201' &&
          r.courseDays !== null &&
          r.gender === null &&
          r.surgeryGroup === null
        )
      })
      if (items.length === 0) return false
      const item = ctx.rng.pick(items)
      const r = ctx.catalog.restrictions(item.code)
      const max = r.courseDays ?? 30
      const interval = Math.max((r.periodDays ?? 0) + 2, 16, Math.ceil((max + 1) / 3))
      const inst = ctx.ref.countyHospitals[0]
      const last = ctx.factory.lastDay(t)
      const start = ctx.rng.int(0, Math.max(0, last - max - interval - 5))
      const days: number[] = []
      for (let d = start; d <= start + max + interval; d += interval) days.push(d)
      if (!inst || days.some((d) => d > last || t.busy.has(d))) return false
      const made: DraftEncounter[] = []
      for (const d of days) {
        // Each visit at its own time of the working day, like any other patient's.
        const second = ctx.rng.int(8 * 3600, 16 * 3600)
        const enc = ctx.builder.open('OUTPATIENT', '11', inst, d, second, d, second + 1800, 'A03')
        enc.diagnoses.push(
          ctx.catalog.chronicDiagnoses[4] ??
            ctx.catalog.outpatientDiagnoses[0] ?? { code: 'I69.300', name: '脑梗死后遗症' }
        )
        if (!ctx.builder.allowed(item.code, { t, enc, day: d })) return false
        ctx.builder.addItem(enc, item, 1, d, second + 300)
        made.push(enc)
      }
      for (const e of made) ctx.factory.add(t, e)
      const over = made.find((e) => e.beginDay - start >= max)
      const line = over?.lines[0]
      if (!over || !line) return false
      over.truths.push({
        type: 'S10',
        line,
        charges: null,
        note: `【${item.name}】限支付${max}天，自首次使用起第${over.beginDay - start + 1}天仍在收费`,
      })
      return true
    },
  },
  {
    code: 'S12',
    description: '重复收费项目对在同一天同时收费',
    inject(ctx, [t]) {
      if (!t) return false
      const enc = pickEncounter(ctx, t, (e) => e.kind === 'INPATIENT')
      if (!enc) return false
      const day = ctx.rng.int(enc.beginDay, enc.endDay - 1)
      const c: ChargeContext = { t, enc, day }
      const plain = (code: string): boolean => {
        const r = ctx.catalog.restrictions(code)
        const item = ctx.catalog.items.get(code)
        return (
          item !== undefined &&
          // An operation needs an operation record; a stay without one would break M4 too.
          item.chargeType !== '06' &&
          r.surgeryGroup === null &&
          r.courseDays === null &&
          r.periodDays === null &&
          r.frequency === null &&
          !enc.lines.some((l) => l.code === code) &&
          !ctx.builder.conflicts(enc, code) &&
          ctx.builder.allowed(code, c)
        )
      }
      const pairs = ctx.catalog.pack.points.filter((p) => p.condition.kind === 'DUPLICATE_CHARGE')
      for (let i = 0; i < 30; i++) {
        const p = ctx.rng.pick(pairs)
        if (p.condition.kind !== 'DUPLICATE_CHARGE') continue
        const a = p.codes[0]
        const b = p.condition.pairedCode
        if (a === undefined || !plain(a) || !plain(b)) continue
        const ia = ctx.catalog.items.get(a)
        const ib = ctx.catalog.items.get(b)
        if (!ia || !ib) continue
        // Neither may clash with anything else already billed.
        const second = day === enc.beginDay ? enc.beginSecond + 900 : 10 * 3600
        ctx.builder.addItem(enc, ia, 1, day, second)
        const line = ctx.builder.addItem(enc, ib, 1, day, second + 60)
        enc.truths.push({
          type: 'S12',
          line,
          charges: null,
          note: `【${ia.name}】与【${ib.name}】同日重复收费`,
        })
        return true
      }
      return false
    },
  },
  {
    code: 'S14',
    description: '按日限定频次项目单日超次收费',
    inject(ctx, [t]) {
      if (!t) return false
      const enc = pickEncounter(ctx, t, (e) => e.kind === 'INPATIENT')
      const daily = enc?.lines.filter(
        (l) =>
          l.code !== BED_FEE_CODE &&
          ctx.catalog.restrictions(l.code).frequency?.per === 'DAY' &&
          l.quantity === 1
      )
      if (!enc || !daily || daily.length === 0) return false
      const src = ctx.rng.pick(daily)
      const item = ctx.catalog.items.get(src.code)
      if (!item) return false
      const line = ctx.builder.addItem(
        enc,
        item,
        1,
        src.day,
        Math.min(86000, src.second + 3600 * 4),
        src.price
      )
      enc.truths.push({
        type: 'S14',
        line,
        charges: null,
        note: `【${item.name}】限每日1次，当日收费2次`,
      })
      return true
    },
  },
  {
    code: 'S15',
    description: '周期限频次项目在周期内重复收费',
    inject(ctx, [t]) {
      if (!t) return false
      const item = ctx.catalog.periodLab
      if (!item) return false
      const period = ctx.catalog.restrictions(item.code).periodDays ?? 15
      const uses = t.encounters
        .filter((e) => e.lines.some((l) => l.code === item.code))
        .map((e) => e.beginDay)
      const last = ctx.factory.lastDay(t)
      const d1 = ctx.factory.freeDay(t, 0, last - period)
      const gap = ctx.rng.int(3, period - 2)
      const d2 = d1 + gap
      if (
        d1 < 0 ||
        t.busy.has(d2) ||
        uses.some((u) => Math.abs(u - d1) <= period + 1 || Math.abs(u - d2) <= period + 1)
      )
        return false
      const inst = ctx.ref.countyHospitals[0]
      const e1 = newOutpatient(ctx, t, inst, d1, d1)
      if (!e1) return false
      const e2 = newOutpatient(ctx, t, inst, d2, d2)
      if (
        !e2 ||
        ctx.builder.conflicts(e1, item.code) ||
        ctx.builder.conflicts(e2, item.code) ||
        e1.lines.some((l) => l.code === item.code) ||
        e2.lines.some((l) => l.code === item.code)
      ) {
        removeEncounter(t, e1)
        if (e2) removeEncounter(t, e2)
        return false
      }
      ctx.builder.addItem(e1, item, 1, d1, e1.beginSecond + 900)
      const line = ctx.builder.addItem(e2, item, 1, d2, e2.beginSecond + 900)
      e2.truths.push({
        type: 'S15',
        line,
        charges: null,
        note: `【${item.name}】限${period}天1次，间隔${gap}天再次收费`,
      })
      return true
    },
  },
  {
    code: 'S18',
    description: '按小时计价项目单日超过24小时',
    inject(ctx, [t]) {
      if (!t || ctx.catalog.hourItems.length === 0) return false
      const enc = pickEncounter(ctx, t, (e) => e.kind === 'INPATIENT' && e.endDay - e.beginDay >= 2)
      if (!enc) return false
      const item = ctx.rng.pick(ctx.catalog.hourItems)
      const day = enc.beginDay + 1
      if (
        enc.lines.some((l) => l.code === item.code && l.day === day) ||
        ctx.builder.conflicts(enc, item.code)
      )
        return false
      const hours = ctx.rng.int(30, 48)
      const line = ctx.builder.addItem(enc, item, hours, day, 8 * 3600 + 1800)
      enc.truths.push({
        type: 'S18',
        line,
        charges: lineAmount(hours - 24, line.price),
        note: `【${item.name}】单日计费${hours}小时，超过24小时`,
      })
      return true
    },
  },
]
