// SPDX-License-Identifier: Apache-2.0
import { LEVEL_LABELS } from '@yibao/domain'
import type { KnowledgeCondition } from '@yibao/knowledge'
import type { ChargeContext } from '../encounter-builder.js'
import type { InjectContext, Injector } from '../injector.js'
import type { DraftEncounter, PersonTimeline } from '../timeline.js'
import {
  addPlainDrug,
  isAdult,
  newStay,
  pickEncounter,
  removeEncounter,
  setQuantity,
  violatingDrug,
} from './injector-helpers.js'

/**
 * Adds one drug that breaks exactly one condition kind to an existing (or new) encounter.
 */
function drugRule(
  code: string,
  description: string,
  kind: KnowledgeCondition['kind'],
  where: (e: DraftEncounter, t: PersonTimeline) => boolean,
  note: (name: string, c: ChargeContext) => string,
  extra?: (cond: KnowledgeCondition) => boolean,
  who?: (t: PersonTimeline) => boolean
): Injector {
  return {
    code,
    description,
    inject(ctx: InjectContext, [t]: PersonTimeline[]): boolean {
      if (!t || (who && !who(t))) return false
      const enc = pickEncounter(ctx, t, (e) => where(e, t))
      if (!enc) return false
      const day =
        enc.kind === 'INPATIENT' ? ctx.rng.int(enc.beginDay, enc.endDay - 1) : enc.beginDay
      const c: ChargeContext = { t, enc, day }
      const d = violatingDrug(ctx, c, kind, extra)
      if (!d) return false
      const line = addPlainDrug(ctx, enc, d, day)
      enc.truths.push({ type: code, line, charges: null, note: note(d.name, c) })
      return true
    },
  }
}

const outpatient11 = (e: DraftEncounter): boolean => e.kind === 'OUTPATIENT' && e.medType === '11'
const rxSpace = (e: DraftEncounter): boolean =>
  e.lines.filter((l) => l.listType === '101').length <= 3

/** Drug-policy injectors (domain.md §1.5.1) and 药品区分性别使用 (R4). */
export const DRUG_INJECTORS: readonly Injector[] = [
  drugRule(
    'D1',
    '限工伤保险药品由职工/居民医保结算',
    'INSURANCE_TYPE',
    (e) => e.inst.level >= 1 && e.kind !== 'PHARMACY' && rxSpace(e),
    (n) => `限工伤保险药品【${n}】由基本医疗保险结算`,
    (c) => c.kind === 'INSURANCE_TYPE' && c.insuTypes.includes('410')
  ),
  drugRule(
    'D2',
    '限生育保险药品由职工/居民医保结算',
    'INSURANCE_TYPE',
    (e) => e.inst.level >= 1 && e.kind !== 'PHARMACY' && rxSpace(e),
    (n) => `限生育保险药品【${n}】由基本医疗保险结算`,
    (c) =>
      c.kind === 'INSURANCE_TYPE' && c.insuTypes.includes('510') && !c.insuTypes.includes('410')
  ),
  {
    code: 'D3',
    description: '不得纳入基金支付范围的中药饮片按乙类由基金支付',
    inject(ctx, [t]) {
      if (!t || ctx.catalog.notPayableHerbs.length === 0) return false
      const enc = pickEncounter(ctx, t, (e) => e.kind === 'INPATIENT')
      if (!enc) return false
      const herb = ctx.rng.pick(ctx.catalog.notPayableHerbs)
      const day = Math.min(enc.beginDay + 1, enc.endDay - 1)
      const line = ctx.builder.addItem(enc, herb, ctx.rng.int(5, 15) * 7, day, 10 * 3600)
      line.catalogClass = '02'
      line.rxNo = ctx.builder.rxNo()
      enc.truths.push({
        type: 'D3',
        line,
        charges: null,
        note: `不予支付饮片【${herb.name}】按乙类纳入基金支付`,
      })
      return true
    },
  },
  drugRule(
    'D6',
    '限新生儿使用药品用于非新生儿',
    'AGE',
    (e) => e.kind !== 'PHARMACY' && rxSpace(e),
    (n) => `限新生儿药品【${n}】用于非新生儿`,
    (c) => c.kind === 'AGE' && c.unit === 'DAY'
  ),
  drugRule(
    'D7',
    '限儿童使用药品用于成人',
    'AGE',
    (e) => outpatient11(e) && rxSpace(e),
    (n, c) => `限儿童药品【${n}】用于${c.t.age}岁成人`,
    (c) => c.kind === 'AGE' && c.unit === 'YEAR' && c.maxExclusive !== null && c.maxExclusive <= 18,
    isAdult
  ),
  {
    code: 'D9',
    description: '普通门诊开药超过7天用量',
    inject(ctx, [t]) {
      if (!t) return false
      const enc = pickEncounter(
        ctx,
        t,
        (e) =>
          outpatient11(e) &&
          e.lines.some(
            (l) =>
              l.listType === '101' &&
              l.days !== null &&
              l.chargeType !== '08' &&
              l.quantity >= l.days
          )
      )
      const line = enc?.lines.find(
        (l) => l.listType === '101' && l.days !== null && l.quantity >= l.days && l.days <= 7
      )
      if (!enc || !line || line.days === null) return false
      const perDay = Math.max(1, Math.round(line.quantity / line.days))
      const days = ctx.rng.pick([14, 21, 28, 30])
      setQuantity(line, perDay * days)
      line.days = days
      const excess = Math.round((line.amount * (days - 7)) / days)
      enc.truths.push({
        type: 'D9',
        line,
        charges: excess,
        note: `普通门诊【${line.name}】开药${days}天，超过7天`,
      })
      return true
    },
  },
  {
    code: 'D10',
    description: '限支付疗程药品在一次住院中超过疗程天数使用',
    inject(ctx, [t]) {
      if (!t) return false
      const pool = ctx.catalog.drugs.filter(
        (d) =>
          d.national &&
          d.form === 'INJECTION' &&
          ctx.catalog.restrictions(d.code).courseDays !== null &&
          ctx.catalog.restrictions(d.code).courseDays! <= 21
      )
      if (pool.length === 0) return false
      const d = ctx.rng.pick(pool)
      const max = ctx.catalog.restrictions(d.code).courseDays ?? 14
      const inst = ctx.ref.countyHospitals[0]
      const enc = newStay(ctx, t, { inst, los: max + ctx.rng.int(3, 6), surgical: false })
      if (!enc) return false
      const key = d.points.find((p) => p.condition.kind === 'PAYMENT_COURSE')?.id
      const c: ChargeContext = { t, enc, day: enc.beginDay }
      if (
        !ctx.builder.allowed(d.code, c) ||
        enc.lines.some((l) => d.points.some((p) => p.codes.includes(l.code))) ||
        (key && t.lastUse.has(`course:${key}`))
      ) {
        removeEncounter(t, enc)
        return false
      }
      const rx = ctx.builder.rxNo()
      const lines = []
      for (let day = enc.beginDay; day < enc.endDay; day++) {
        lines.push(ctx.builder.addDrug(enc, d, 1, day, 8 * 3600 + 1500, rx, null))
      }
      // The first day's charge must follow admission.
      const first = lines[0]
      if (first) first.second = Math.min(enc.beginSecond + 900, 20 * 3600)
      const excess = lines.slice(max)
      const head = excess[0]
      if (!head) return false
      enc.truths.push({
        type: 'D10',
        line: head,
        charges: null,
        extraLines: excess.slice(1),
        note: `【${d.name}】限支付${max}天，本次住院使用${lines.length}天`,
      })
      return true
    },
  },
  drugRule(
    'D12',
    '限二级及以上医疗机构药品在一级医院使用',
    'INSTITUTION_LEVEL',
    (e) => e.inst.level === 1 && e.kind !== 'PHARMACY' && rxSpace(e),
    (n, c) => `限二级及以上医疗机构药品【${n}】在${LEVEL_LABELS[c.enc.inst.level]}机构使用`
  ),
  drugRule(
    'D13',
    '限住院使用药品用于门诊',
    'CARE_SETTING',
    (e) => e.kind === 'OUTPATIENT' && e.inst.level >= 2 && rxSpace(e),
    (n) => `限住院使用药品【${n}】用于门诊`,
    (c) => c.kind === 'CARE_SETTING' && c.setting === 'INPATIENT'
  ),
  drugRule(
    'R4',
    '限定性别药品用于另一性别',
    'GENDER',
    (e) => (outpatient11(e) || e.kind === 'INPATIENT') && rxSpace(e),
    (n, c) =>
      `限${c.t.person.gender === '1' ? '女' : '男'}性药品【${n}】用于${c.t.person.gender === '1' ? '男' : '女'}性患者`
  ),
]
