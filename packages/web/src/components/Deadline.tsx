// SPDX-License-Identifier: Apache-2.0
import { Space, Tag } from 'antd'
import { daysUntil } from '../format'
import { useT } from '../i18n'

/** A deadline date; while `running`, with the days left (or overdue) beside it. */
export function Deadline({ date, running }: { date: string | null; running: boolean }) {
  const t = useT()
  if (!date) return <>—</>
  if (!running) return <>{date}</>
  const days = daysUntil(date)
  let tag
  if (days > 3) tag = <Tag color="blue">{t('deadline.daysLeft', { days })}</Tag>
  else if (days > 0) tag = <Tag color="orange">{t('deadline.daysLeft', { days })}</Tag>
  else if (days === 0) tag = <Tag color="red">{t('deadline.today')}</Tag>
  else tag = <Tag color="default">{t('deadline.overdue', { days: -days })}</Tag>
  return (
    <Space size={4} wrap>
      <span>{date}</span>
      {tag}
    </Space>
  )
}
