// SPDX-License-Identifier: Apache-2.0
// A list of dates (`YYYY-MM-DD`) edited as tags: pick a date or paste several to add them, close a
// tag to remove one. Used as a form control (value / onChange) for the holidays (法定节假日) and
// the worked weekend days (调休上班日) of a review policy.
import { useState } from 'react'
import { PlusOutlined } from '@ant-design/icons'
import { Button, DatePicker, Input, Space, Tag, Tooltip, Typography } from 'antd'
import dayjs, { type Dayjs } from 'dayjs'
import { showError } from '../feedback'
import { useT } from '../i18n'

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/

function isIsoDate(text: string): boolean {
  return ISO_DATE.test(text) && dayjs(text).format('YYYY-MM-DD') === text
}

function uniqueSorted(dates: string[]): string[] {
  return [...new Set(dates)].sort()
}

function isWeekend(date: string): boolean {
  const day = dayjs(date).day()
  return day === 0 || day === 6
}

interface DateListInputProps {
  value?: string[]
  onChange?: (value: string[]) => void
  /** Which days belong in the list; a date of the other kind is marked. */
  expect: 'weekday' | 'weekend'
  testId?: string
}

/** The date-list editor. */
export function DateListInput({ value = [], onChange, expect, testId }: DateListInputProps) {
  const t = useT()
  const [pasting, setPasting] = useState(false)
  const [text, setText] = useState('')

  const change = (next: string[]) => onChange?.(uniqueSorted(next))

  const pick = (date: Dayjs | null) => {
    if (date) change([...value, date.format('YYYY-MM-DD')])
  }

  const addPasted = () => {
    const tokens = text.split(/[\s,，、;；]+/).filter((token) => token !== '')
    const bad = tokens.filter((token) => !isIsoDate(token))
    if (bad.length > 0) {
      showError(new Error(t('dateList.bad', { dates: bad.join('、') })))
      return
    }
    change([...value, ...tokens])
    setText('')
    setPasting(false)
  }

  return (
    <Space direction="vertical" size="small" style={{ width: '100%' }} data-testid={testId}>
      {value.length === 0 ? (
        <Typography.Text type="secondary">{t('dateList.empty')}</Typography.Text>
      ) : (
        <Space wrap size={[4, 6]}>
          {value.map((date) => {
            const odd = isIsoDate(date) && (expect === 'weekday') === isWeekend(date)
            const tag = (
              <Tag
                key={date}
                closable
                color={odd ? 'warning' : undefined}
                onClose={(event) => {
                  event.preventDefault()
                  change(value.filter((d) => d !== date))
                }}
              >
                {date} {isIsoDate(date) ? dayjs(date).format('ddd') : ''}
              </Tag>
            )
            return odd ? (
              <Tooltip
                key={date}
                title={t(
                  expect === 'weekday' ? 'dateList.weekendHoliday' : 'dateList.weekdayWorkday'
                )}
              >
                {tag}
              </Tooltip>
            ) : (
              tag
            )
          })}
        </Space>
      )}
      <Space wrap>
        <DatePicker
          value={null}
          onChange={pick}
          placeholder={t('dateList.add')}
          disabledDate={(date) => value.includes(date.format('YYYY-MM-DD'))}
        />
        <Button icon={<PlusOutlined />} onClick={() => setPasting((open) => !open)}>
          {t('dateList.paste')}
        </Button>
        <Button disabled={value.length === 0} onClick={() => change([])}>
          {t('dateList.clear')}
        </Button>
        <Typography.Text type="secondary">
          {t('dateList.count', { count: value.length })}
        </Typography.Text>
      </Space>
      {pasting && (
        <Space.Compact style={{ width: '100%' }}>
          <Input.TextArea
            autoSize={{ minRows: 2, maxRows: 6 }}
            value={text}
            placeholder={t('dateList.pastePlaceholder')}
            onChange={(event) => setText(event.target.value)}
          />
          <Button type="primary" disabled={text.trim() === ''} onClick={addPasted}>
            {t('dateList.pasteAdd')}
          </Button>
        </Space.Compact>
      )}
    </Space>
  )
}
