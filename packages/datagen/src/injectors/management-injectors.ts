// SPDX-License-Identifier: Apache-2.0
import { fenToYuan, lineAmount } from '@yibao/domain'
import type { ChargeContext } from '../encounter-builder.js'
import type { Injector } from '../injector.js'
import type { DraftEncounter } from '../timeline.js'
import { drugsOnRx, isAdult, newStay, pickEncounter, removeEncounter } from './injector-helpers.js'

/** Management-rule injectors (domain.md §1.5.3) that act on one encounter. */
export const MANAGEMENT_INJECTORS: readonly Injector[] = [
  {
    code: 'M1',
    description: '住院结算清单缺少离院方式',
    inject(ctx, [t]) {
      const enc = t && pickEncounter(ctx, t, (e) => e.kind === 'INPATIENT')
      if (!enc) return false
      enc.dscgWay = null
      enc.truths.push({ type: 'M1', line: null, charges: 0, note: '医保结算清单缺少离院方式' })
      return true
    },
  },
  {
    code: 'M2',
    description: '明细金额不等于数量×单价',
    inject(ctx, [t]) {
      const enc = t && pickEncounter(ctx, t, (e) => e.lines.length > 0)
      if (!enc) return false
      const line = ctx.rng.pick(enc.lines)
      const expected = lineAmount(line.quantity, line.price)
      const delta = Math.max(100, Math.round(expected * (0.1 + ctx.rng.next() * 0.9)))
      line.amount = expected + delta
      enc.truths.push({
        type: 'M2',
        line,
        charges: delta,
        note: `【${line.name}】明细金额${fenToYuan(line.amount)}元，数量×单价应为${fenToYuan(expected)}元`,
      })
      return true
    },
  },
  {
    code: 'M4',
    description: '收取手术费但结算清单无手术操作编码',
    inject(ctx, [t]) {
      if (!t) return false
      const surgical = (e: DraftEncounter): boolean =>
        e.kind === 'INPATIENT' &&
        e.operations.length > 0 &&
        e.lines.some((l) => l.chargeType === '06')
      let enc = pickEncounter(ctx, t, surgical)
      if (!enc) {
        const made = newStay(ctx, t, { surgical: true, inst: ctx.ref.countyHospitals[0] })
        if (made && !surgical(made)) removeEncounter(t, made)
        else enc = made
      }
      if (!enc) return false
      enc.operations = []
      const line = enc.lines.find((l) => l.chargeType === '06') ?? null
      enc.truths.push({
        type: 'M4',
        line,
        charges: 0,
        note: '收取手术费，结算清单未填写手术操作编码',
      })
      return true
    },
  },
  {
    code: 'M7',
    description: '费用明细延迟上传',
    inject(ctx, [t]) {
      const enc =
        t && pickEncounter(ctx, t, (e) => e.kind !== 'INPATIENT' && e.endDay + 10 < ctx.clock.days)
      if (!enc) return false
      const delay = ctx.rng.int(3, 10)
      for (const l of enc.lines) l.uploadDelay = delay
      enc.truths.push({
        type: 'M7',
        line: null,
        charges: 0,
        note: `费用明细在发生${delay}天后才上传`,
      })
      return true
    },
  },
  {
    code: 'M8',
    description: '计费日期在住院期间之外',
    inject(ctx, [t]) {
      const enc =
        t && pickEncounter(ctx, t, (e) => e.kind === 'INPATIENT' && e.endDay + 3 < ctx.clock.days)
      if (!enc) return false
      const labs = enc.lines.filter((l) => l.chargeType === '04' || l.chargeType === '03')
      if (labs.length === 0) return false
      const line = ctx.rng.pick(labs)
      line.day = enc.endDay + ctx.rng.int(1, 3)
      line.second = 9 * 3600
      enc.truths.push({
        type: 'M8',
        line,
        charges: null,
        note: `【${line.name}】计费日期晚于出院日期`,
      })
      return true
    },
  },
  {
    code: 'M12',
    description: '门诊单张处方药品超过5种',
    inject(ctx, [t]) {
      const enc =
        t &&
        pickEncounter(
          ctx,
          t,
          (e) =>
            e.kind === 'OUTPATIENT' &&
            e.medType === '11' &&
            e.lines.some((l) => l.listType === '101')
        )
      const rx = enc?.lines.find((l) => l.listType === '101')?.rxNo ?? null
      if (!enc || !t || rx === null) return false
      const want = ctx.rng.int(6, 8)
      const used = new Set(enc.lines.map((l) => l.code))
      const c: ChargeContext = { t, enc, day: enc.beginDay }
      const added = []
      for (let i = 0; i < 20 && drugsOnRx(enc, rx) < want; i++) {
        const d = ctx.builder.pickDrug(c, enc.diagnoses[0]?.code ?? 'R', ['ORAL'], used)
        if (!d) continue
        used.add(d.code)
        const days = ctx.rng.int(3, 7)
        added.push(
          ctx.builder.addDrug(enc, d, days * 2, enc.beginDay, enc.beginSecond + 400 + i, rx, days)
        )
      }
      if (drugsOnRx(enc, rx) <= 5) {
        for (const l of added) enc.lines.splice(enc.lines.indexOf(l), 1)
        return false
      }
      const head = added[added.length - 1] ?? null
      enc.truths.push({
        type: 'M12',
        line: head,
        charges: null,
        note: `单张处方开具${drugsOnRx(enc, rx)}种药品，超过5种`,
      })
      return true
    },
  },
  {
    code: 'M19',
    description: '诊断与患者性别不符',
    inject(ctx, [t]) {
      if (!t) return false
      const enc = pickEncounter(ctx, t, (e) => e.kind === 'OUTPATIENT' && e.medType === '11')
      const dx =
        t.person.gender === '1'
          ? (ctx.catalog.diagnosisWithPrefix('O21') ?? ctx.catalog.diagnosisWithPrefix('O'))
          : ctx.catalog.diagnosisWithPrefix('N40')
      if (!enc || !dx) return false
      enc.diagnoses[0] = dx
      enc.truths.push({
        type: 'M19',
        line: null,
        charges: null,
        note: `${t.person.gender === '1' ? '男' : '女'}性患者诊断为【${dx.name}】`,
      })
      return true
    },
  },
  {
    code: 'M20',
    description: '诊断与患者年龄不符（围产期诊断用于成人）',
    inject(ctx, [t]) {
      if (!t || !isAdult(t)) return false
      const enc = pickEncounter(ctx, t, (e) => e.kind === 'OUTPATIENT' && e.medType === '11')
      const dx = ctx.catalog.diagnosisWithPrefix('P59') ?? ctx.catalog.diagnosisWithPrefix('P')
      if (!enc || !dx) return false
      enc.diagnoses[0] = dx
      enc.truths.push({
        type: 'M20',
        line: null,
        charges: null,
        note: `${t.age}岁患者诊断为围产期疾病【${dx.name}】`,
      })
      return true
    },
  },
  {
    code: 'M14',
    description: '出院15天内以相同诊断再次入住同一医院（分解住院）',
    inject(ctx, [t]) {
      if (!t) return false
      const first = pickEncounter(ctx, t, (e) => e.kind === 'INPATIENT' && e.caseType !== null)
      if (!first?.caseType) return false
      const stays = t.encounters.filter((e) => e.kind === 'INPATIENT').length
      if (stays >= 3) return false
      const gap = ctx.rng.int(2, 14)
      const los = ctx.rng.int(3, 7)
      const adm = first.endDay + gap
      const others = t.encounters.filter((e) => e.kind === 'INPATIENT' && e !== first)
      if (adm + los > ctx.factory.lastDay(t)) return false
      for (let d = adm; d <= adm + los; d++) if (t.busy.has(d)) return false
      if (others.some((e) => e.beginDay - 31 <= adm + los && adm <= e.endDay + 31)) return false
      const enc = ctx.factory.add(t, ctx.builder.inpatient(t, first.inst, adm, los, first.caseType))
      enc.truths.push({
        type: 'M14',
        line: null,
        charges: null,
        note: `出院${gap}天后以同一诊断【${first.caseType.diagName}】再次入院`,
      })
      return true
    },
  },
]
