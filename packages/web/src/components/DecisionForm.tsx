// SPDX-License-Identifier: Apache-2.0
// The reviewer's decision (复审) on a finding: uphold (认定/维持, optionally with an adjusted
// amount) or dismiss (不予认定); approve or reject a pending uphold (双人复核); overturn (撤销)
// an upheld or deducted one. The basis is always required.
import { useEffect, useState } from 'react'
import { Alert, Button, Form, Input, InputNumber, Radio } from 'antd'
import { decideFinding, type DecisionKind, type FindingDetail, type FindingState } from '../api'
import { useUser } from '../auth'
import { showError, showSuccess } from '../feedback'
import { fenToYuanText, formatFen, yuanToFen } from '../format'
import { useT } from '../i18n'

/** The decisions a reviewer may take in each state. */
export function decisionsFor(state: FindingState): DecisionKind[] {
  switch (state) {
    case 'APPEALED':
    case 'REVIEWING':
      return ['uphold', 'dismiss']
    case 'PENDING_APPROVAL':
      return ['approve', 'reject']
    case 'UPHELD':
    case 'DEDUCTED':
      return ['overturn']
    default:
      return []
  }
}

interface DecisionValues {
  decision: DecisionKind
  amount?: string | null
  basis?: string
}

/** The decision form for the finding's state; calls `onDone` with the updated finding. */
export function DecisionForm({
  finding,
  onDone,
}: {
  finding: FindingDetail
  onDone: (finding: FindingDetail) => void
}) {
  const t = useT()
  const user = useUser()
  const [form] = Form.useForm<DecisionValues>()
  const options = decisionsFor(finding.state)
  const decision = Form.useWatch('decision', form) ?? options[0]
  const [busy, setBusy] = useState(false)

  useEffect(() => {
    form.resetFields()
  }, [form, finding.state])

  if (options.length === 0) return null

  const submit = async (values: DecisionValues) => {
    setBusy(true)
    try {
      const amount = values.decision === 'uphold' ? yuanToFen(values.amount) : null
      const updated = await decideFinding(finding.id, {
        decision: values.decision,
        basis: values.basis?.trim() ?? '',
        ...(amount !== null ? { amount } : {}),
      })
      showSuccess(t('decision.saved', { state: t(`state.${updated.state}`) }))
      onDone(updated)
    } catch (error) {
      showError(error)
    } finally {
      setBusy(false)
    }
  }

  const ownUphold =
    finding.state === 'PENDING_APPROVAL' &&
    finding.decision !== null &&
    (finding.decision.by === user.username || finding.decision.by === user.id)

  return (
    <Form<DecisionValues>
      form={form}
      layout="vertical"
      initialValues={{ decision: options[0] }}
      onFinish={(values) => void submit(values)}
    >
      {ownUphold && (
        <Alert
          type="warning"
          showIcon
          message={t('decision.fourEyesOwn')}
          style={{ marginBottom: 16 }}
        />
      )}
      <Form.Item name="decision" label={t('decision.decision')}>
        <Radio.Group>
          {options.map((option) => (
            <Radio key={option} value={option} data-testid={`decision-${option}`}>
              {t(`decision.${option}`)}
            </Radio>
          ))}
        </Radio.Group>
      </Form.Item>
      {decision === 'uphold' && (
        <Form.Item
          name="amount"
          label={t('decision.amount')}
          extra={t('decision.amountHint', { amount: formatFen(finding.amount) })}
          rules={[
            {
              validator: async (_, value: string | null | undefined) => {
                if (value === null || value === undefined || value === '') return
                const fen = yuanToFen(value)
                if (fen === null || fen <= 0) throw new Error(t('decision.amountInvalid'))
                if (fen > finding.amount) {
                  throw new Error(
                    t('decision.amountTooLarge', { amount: formatFen(finding.amount) })
                  )
                }
              },
            },
          ]}
        >
          <InputNumber<string>
            stringMode
            min="0"
            precision={2}
            prefix="¥"
            style={{ width: 220 }}
            placeholder={fenToYuanText(finding.amount)}
            data-testid="decision-amount"
          />
        </Form.Item>
      )}
      {decision === 'uphold' && (
        <Alert
          type="info"
          showIcon
          message={t('decision.fourEyesNote')}
          style={{ marginBottom: 16 }}
        />
      )}
      <Form.Item
        name="basis"
        label={t('decision.basis')}
        rules={[{ required: true, whitespace: true, message: t('decision.basisRequired') }]}
      >
        <Input.TextArea
          rows={4}
          maxLength={2000}
          showCount
          placeholder={t('decision.basisPlaceholder')}
          data-testid="decision-basis"
        />
      </Form.Item>
      <Button
        type="primary"
        danger={decision === 'overturn'}
        htmlType="submit"
        loading={busy}
        data-testid="decision-submit"
      >
        {t('decision.submit')}
      </Button>
    </Form>
  )
}
