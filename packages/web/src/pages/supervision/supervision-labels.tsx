// SPDX-License-Identifier: Apache-2.0
// The labels of the supervision pages: a person's payment-qualification status, institution
// types and credit levels, the names of the inspectors, the status-date picker and the
// who-and-when columns of recorded rows.
import { useMemo } from 'react'
import { DatePicker, Space, Tag } from 'antd'
import type { TableColumnsType } from 'antd'
import dayjs from 'dayjs'
import { listInspectors, type InstitutionType, type Inspector, type StaffStatus } from '../../api'
import { formatDateTime } from '../../format'
import { useLoader } from '../../hooks'
import { useT, type Translate } from '../../i18n'

const STATUS_COLORS: Record<StaffStatus, string> = { SUSPENDED: 'orange', TERMINATED: 'red' }

/** A person's status on a date: 正常, 暂停 or 终止. */
export function StaffStatusTag({
  status,
  testId,
}: {
  status: StaffStatus | null
  testId?: string
}) {
  const t = useT()
  return (
    <Tag
      color={status === null ? 'green' : STATUS_COLORS[status]}
      data-status={status ?? 'NORMAL'}
      data-testid={testId}
    >
      {t(`staff.status.${status ?? 'NORMAL'}`)}
    </Tag>
  )
}

const TYPE_COLORS: Record<InstitutionType, string> = {
  HOSPITAL: 'blue',
  CLINIC: 'cyan',
  VILLAGE_CLINIC: 'green',
  PHARMACY: 'purple',
}

/** An institution type (医院, 诊所, 村卫生室, 定点零售药店) as a tag. */
export function InstitutionTypeTag({ type }: { type: InstitutionType }) {
  const t = useT()
  return (
    <Tag color={TYPE_COLORS[type] ?? 'default'} data-type={type}>
      {t(`institutionType.${type}`)}
    </Tag>
  )
}

const CREDIT_COLORS: Record<string, string> = { A: 'green', B: 'blue', C: 'orange', D: 'red' }

/** A credit level A–D, or 未评级. */
export function CreditTag({ credit }: { credit: string | null }) {
  const t = useT()
  if (credit === null) return <Tag data-credit="">{t('inspection.unrated')}</Tag>
  return (
    <Tag color={CREDIT_COLORS[credit] ?? 'default'} data-credit={credit}>
      {credit}
    </Tag>
  )
}

/** The inspector register and each inspector's name by id. */
export function useInspectors(): {
  items: Inspector[]
  loading: boolean
  names: ReadonlyMap<string, string>
} {
  const { data, loading } = useLoader(listInspectors, [])
  const items = data?.items
  const names = useMemo(() => new Map((items ?? []).map((i) => [i.id, i.name])), [items])
  return { items: items ?? [], loading, names }
}

/** 状态日期: the day a status is shown for (`YYYY-MM-DD`). */
export function StatusDatePicker({
  date,
  onChange,
  testId,
}: {
  date: string
  onChange: (date: string) => void
  testId: string
}) {
  const t = useT()
  return (
    <Space>
      {t('staff.statusDate')}
      <DatePicker
        value={dayjs(date)}
        format="YYYY-MM-DD"
        allowClear={false}
        onChange={(value) => value && onChange(value.format('YYYY-MM-DD'))}
        data-testid={testId}
      />
    </Space>
  )
}

/** The 创建人 and 创建时间 columns of a recorded row. */
export function createdColumns<T extends { createdBy: string; createdAt: string }>(
  t: Translate
): TableColumnsType<T> {
  return [
    { title: t('common.createdBy'), dataIndex: 'createdBy', width: 140 },
    {
      title: t('common.createdAt'),
      dataIndex: 'createdAt',
      width: 170,
      render: (_: unknown, row) => formatDateTime(row.createdAt),
    },
  ]
}
