// SPDX-License-Identifier: Apache-2.0
// The title of a detail page: a back arrow (to where the user came from, or to a given page)
// before what the page shows.
import type { ReactNode } from 'react'
import { ArrowLeftOutlined } from '@ant-design/icons'
import { Button, Space } from 'antd'
import { useNavigate } from 'react-router'
import { useT } from '../i18n'

/** A back arrow and the title; `to` a path, else the previous page. */
export function BackTitle({ to, children }: { to?: string; children: ReactNode }) {
  const t = useT()
  const navigate = useNavigate()
  return (
    <Space wrap>
      <Button
        type="text"
        icon={<ArrowLeftOutlined />}
        onClick={() => (to === undefined ? navigate(-1) : navigate(to))}
        aria-label={t('common.back')}
      />
      {children}
    </Space>
  )
}
