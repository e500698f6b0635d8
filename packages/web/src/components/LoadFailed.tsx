// SPDX-License-Identifier: Apache-2.0
// What a detail page shows before its data is there: a spinner while it loads, else the
// server's refusal (404 for an unknown id) with a way back.
import { Button, Result, Spin } from 'antd'
import { useNavigate } from 'react-router'
import { ApiError } from '../api'
import { useT } from '../i18n'

/** A spinner while loading, else the error as a result page with a button back to `back`. */
export function LoadFailed({
  loading,
  error,
  back,
  testId,
}: {
  loading: boolean
  error: unknown
  back: string
  testId?: string
}) {
  const t = useT()
  const navigate = useNavigate()
  if (loading) return <Spin size="large" style={{ display: 'block', marginTop: 80 }} />
  return (
    <Result
      status={error instanceof ApiError && error.status === 404 ? '404' : 'error'}
      title={error instanceof ApiError ? error.message : t('error.loadFailed')}
      extra={<Button onClick={() => navigate(back)}>{t('common.back')}</Button>}
      data-testid={testId}
    />
  )
}
