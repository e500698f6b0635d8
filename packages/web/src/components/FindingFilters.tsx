// SPDX-License-Identifier: Apache-2.0
// The filter bar of the findings workbench. The filter lives in the URL so that a finding opened
// from the list comes back to the same list.
import { useEffect } from 'react'
import { Button, DatePicker, Form, Input, InputNumber, Select, Space } from 'antd'
import dayjs, { type Dayjs } from 'dayjs'
import {
  FINDING_STATES,
  SEVERITIES,
  type FindingFilter,
  type FindingState,
  type Severity,
} from '../api'
import { fenToYuanText, yuanToFen } from '../format'
import { useT } from '../i18n'

interface FormValues {
  ruleId?: string
  institutionCode?: string
  severity?: Severity
  state?: FindingState
  range?: [Dayjs | null, Dayjs | null]
  minAmount?: string | null
}

/** Reads a findings filter from URL search parameters (`minAmount` in fen). */
export function filterFromSearch(search: URLSearchParams): FindingFilter {
  const filter: FindingFilter = {}
  const text = (name: string) => search.get(name)?.trim() || undefined
  const state = text('state')
  if (state && (FINDING_STATES as readonly string[]).includes(state)) {
    filter.state = state as FindingState
  }
  const severity = text('severity')
  if (severity && (SEVERITIES as readonly string[]).includes(severity)) {
    filter.severity = severity as Severity
  }
  const ruleId = text('ruleId')
  if (ruleId) filter.ruleId = ruleId
  const institutionCode = text('institutionCode')
  if (institutionCode) filter.institutionCode = institutionCode
  const from = text('from')
  if (from && /^\d{4}-\d{2}-\d{2}$/.test(from)) filter.from = from
  const to = text('to')
  if (to && /^\d{4}-\d{2}-\d{2}$/.test(to)) filter.to = to
  const minAmount = Number(text('minAmount'))
  if (Number.isSafeInteger(minAmount) && minAmount > 0) filter.minAmount = minAmount
  const dispatchId = text('dispatchId')
  if (dispatchId) filter.dispatchId = dispatchId
  return filter
}

function toFormValues(filter: FindingFilter): FormValues {
  return {
    ruleId: filter.ruleId,
    institutionCode: filter.institutionCode,
    severity: filter.severity,
    state: filter.state,
    range: filter.from && filter.to ? [dayjs(filter.from), dayjs(filter.to)] : undefined,
    minAmount: filter.minAmount === undefined ? null : fenToYuanText(filter.minAmount),
  }
}

function fromFormValues(values: FormValues, keep: FindingFilter): FindingFilter {
  const filter: FindingFilter = {}
  if (values.ruleId?.trim()) filter.ruleId = values.ruleId.trim()
  if (values.institutionCode?.trim()) filter.institutionCode = values.institutionCode.trim()
  if (values.severity) filter.severity = values.severity
  if (values.state) filter.state = values.state
  const [from, to] = values.range ?? [null, null]
  if (from && to) {
    filter.from = from.format('YYYY-MM-DD')
    filter.to = to.format('YYYY-MM-DD')
  }
  const minAmount = yuanToFen(values.minAmount)
  if (minAmount !== null && minAmount > 0) filter.minAmount = minAmount
  if (keep.dispatchId) filter.dispatchId = keep.dispatchId
  return filter
}

interface FindingFiltersProps {
  value: FindingFilter
  onChange: (filter: FindingFilter) => void
  /** Which fields to show (the portal shows only the state). */
  fields?: 'all' | 'state'
}

/** The filter form; submitting calls `onChange` with the new filter. */
export function FindingFilters({ value, onChange, fields = 'all' }: FindingFiltersProps) {
  const t = useT()
  const [form] = Form.useForm<FormValues>()

  useEffect(() => {
    form.resetFields()
    form.setFieldsValue(toFormValues(value))
  }, [form, value])

  const all = fields === 'all'
  return (
    <Form<FormValues>
      form={form}
      layout="inline"
      onFinish={(values) => onChange(fromFormValues(values, value))}
      style={{ rowGap: 12 }}
    >
      {all && (
        <Form.Item name="ruleId" label={t('finding.rule')}>
          <Input allowClear placeholder={t('filter.rulePlaceholder')} style={{ width: 160 }} />
        </Form.Item>
      )}
      {all && (
        <Form.Item name="institutionCode" label={t('finding.institution')}>
          <Input
            allowClear
            placeholder={t('filter.institutionPlaceholder')}
            style={{ width: 170 }}
          />
        </Form.Item>
      )}
      {all && (
        <Form.Item name="severity" label={t('finding.severity')}>
          <Select
            allowClear
            style={{ width: 130 }}
            placeholder={t('filter.any')}
            options={SEVERITIES.map((s) => ({ value: s, label: t(`severity.${s}`) }))}
          />
        </Form.Item>
      )}
      <Form.Item name="state" label={t('finding.state')}>
        <Select
          allowClear
          style={{ width: 150 }}
          placeholder={t('filter.any')}
          options={FINDING_STATES.map((s) => ({ value: s, label: t(`state.${s}`) }))}
        />
      </Form.Item>
      {all && (
        <Form.Item name="range" label={t('filter.dateRange')}>
          <DatePicker.RangePicker allowClear />
        </Form.Item>
      )}
      {all && (
        <Form.Item name="minAmount" label={t('filter.minAmount')}>
          <InputNumber<string>
            stringMode
            min="0"
            precision={2}
            prefix="¥"
            style={{ width: 150 }}
            placeholder={t('filter.yuan')}
          />
        </Form.Item>
      )}
      <Form.Item>
        <Space>
          <Button type="primary" htmlType="submit">
            {t('common.search')}
          </Button>
          <Button onClick={() => onChange({})}>{t('common.reset')}</Button>
        </Space>
      </Form.Item>
    </Form>
  )
}
