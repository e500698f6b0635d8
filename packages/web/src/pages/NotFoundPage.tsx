// SPDX-License-Identifier: Apache-2.0
import { Button, Result } from 'antd'
import { useNavigate } from 'react-router'
import { useT } from '../i18n'

/** Shown for an unknown path inside the console. */
export function NotFoundPage() {
  const t = useT()
  const navigate = useNavigate()
  return (
    <Result
      status="404"
      title="404"
      subTitle={t('notFound.text')}
      extra={
        <Button type="primary" onClick={() => navigate('/')}>
          {t('notFound.home')}
        </Button>
      }
    />
  )
}
