// SPDX-License-Identifier: Apache-2.0
// Payment plans (付费方案): the versions page of plan documents (DIP / DRG budget, point values,
// deposits), and for managers a draft sized from a region's own stays of a year (按数据测算).
import { useState } from 'react'
import { BulbOutlined } from '@ant-design/icons'
import { Button, Form } from 'antd'
import { PAYMENT_PLAN_VERSIONS, suggestPaymentPlan } from '../../api'
import { FormModal } from '../../components/FormModal'
import {
  latestRegionYear,
  RegionYearFields,
  type RegionYear,
} from '../../components/RegionYearFields'
import { VersionsPage, type VersionsActions, type VersionsKind } from '../../components/Versions'
import { showFieldErrors, showSuccess } from '../../feedback'
import { useT } from '../../i18n'

const PAYMENT_PLANS: VersionsKind = {
  client: PAYMENT_PLAN_VERSIONS,
  manage: 'payment.manage',
  testId: 'plan',
  labels: {
    title: 'paymentPlans.title',
    intro: 'paymentPlans.intro',
    introReader: 'paymentPlans.introReader',
    viewTitle: 'paymentPlans.viewTitle',
    newTitle: 'paymentPlans.newTitle',
    readOnlyNote: 'paymentPlans.readOnlyNote',
    editNote: 'paymentPlans.editNote',
    textPlaceholder: 'paymentPlans.textPlaceholder',
    activateNote: 'paymentPlans.activateNote',
  },
}

/** 按数据测算方案: a region and year, and the drafted plan opens in the editor. */
function SuggestButton({ items, reload, edit }: VersionsActions) {
  const t = useT()
  const [form] = Form.useForm<RegionYear>()
  const [open, setOpen] = useState(false)
  const [busy, setBusy] = useState(false)
  const submit = async (values: RegionYear) => {
    setBusy(true)
    try {
      const drafted = await suggestPaymentPlan({ admdvs: values.admdvs.trim(), year: values.year })
      showSuccess(t('paymentPlans.suggested', { id: drafted.id }))
      setOpen(false)
      reload()
      edit(drafted.id)
    } catch (error) {
      showFieldErrors(form, error, ['admdvs', 'year'])
    } finally {
      setBusy(false)
    }
  }
  return (
    <>
      <Button icon={<BulbOutlined />} onClick={() => setOpen(true)} data-testid="plan-suggest">
        {t('paymentPlans.suggest')}
      </Button>
      {open && (
        <FormModal<RegionYear>
          open
          title={t('paymentPlans.suggest')}
          okText={t('paymentPlans.suggestRun')}
          busy={busy}
          form={form}
          onSubmit={(values) => void submit(values)}
          onClose={() => setOpen(false)}
          notice={{ type: 'info', message: t('paymentPlans.suggestNote') }}
        >
          <RegionYearFields
            regions={items.map((p) => p.admdvs)}
            initial={latestRegionYear(items)}
            testId="plan-suggest"
          />
        </FormModal>
      )}
    </>
  )
}

/** The payment plans page. */
export function PaymentPlansPage() {
  return <VersionsPage kind={PAYMENT_PLANS} extra={(actions) => <SuggestButton {...actions} />} />
}
