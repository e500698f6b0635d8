// SPDX-License-Identifier: Apache-2.0
import { useState } from 'react'
import { LockOutlined, SafetyCertificateOutlined, UserOutlined } from '@ant-design/icons'
import { Alert, Button, Card, Form, Input, Segmented, Space, Typography } from 'antd'
import { Navigate, useNavigate } from 'react-router'
import { homeOf } from '../access'
import { useAuth } from '../auth'
import { errorText } from '../feedback'
import { useLang, useT, type Lang } from '../i18n'

interface Credentials {
  username: string
  password: string
}

/** The sign-in form; on success the user lands on the role's home page. */
export function LoginPage() {
  const t = useT()
  const { lang, setLang } = useLang()
  const { user, login } = useAuth()
  const navigate = useNavigate()
  const [busy, setBusy] = useState(false)
  const [failure, setFailure] = useState<string | null>(null)

  if (user) return <Navigate to={homeOf(user.role)} replace />

  const submit = async (values: Credentials) => {
    setBusy(true)
    setFailure(null)
    try {
      const signedIn = await login(values.username.trim(), values.password)
      navigate(homeOf(signedIn.role), { replace: true })
    } catch (error) {
      setFailure(errorText(error))
    } finally {
      setBusy(false)
    }
  }

  return (
    <div
      style={{
        minHeight: '100vh',
        display: 'flex',
        alignItems: 'center',
        justifyContent: 'center',
        background: 'linear-gradient(160deg, #e8f1fa 0%, #f5f7fa 60%)',
      }}
    >
      <Card style={{ width: 400 }}>
        <Space direction="vertical" size="middle" style={{ width: '100%' }}>
          <div style={{ textAlign: 'center' }}>
            <SafetyCertificateOutlined style={{ fontSize: 40, color: '#1f6fb2' }} />
            <Typography.Title level={3} style={{ marginTop: 12, marginBottom: 4 }}>
              {t('app.title')}
            </Typography.Title>
            <Typography.Text type="secondary">{t('login.subtitle')}</Typography.Text>
          </div>
          {failure && <Alert type="error" showIcon message={failure} />}
          <Form<Credentials> layout="vertical" onFinish={(values) => void submit(values)}>
            <Form.Item
              name="username"
              label={t('login.username')}
              rules={[{ required: true, message: t('login.usernameRequired') }]}
            >
              <Input
                prefix={<UserOutlined />}
                autoComplete="username"
                autoFocus
                data-testid="login-username"
              />
            </Form.Item>
            <Form.Item
              name="password"
              label={t('login.password')}
              rules={[{ required: true, message: t('login.passwordRequired') }]}
            >
              <Input.Password
                prefix={<LockOutlined />}
                autoComplete="current-password"
                data-testid="login-password"
              />
            </Form.Item>
            <Button
              type="primary"
              htmlType="submit"
              block
              loading={busy}
              data-testid="login-submit"
            >
              {t('login.submit')}
            </Button>
          </Form>
          <div style={{ textAlign: 'center' }}>
            <Segmented<Lang>
              size="small"
              value={lang}
              onChange={setLang}
              options={[
                { label: '中文', value: 'zh-CN' },
                { label: 'English', value: 'en-US' },
              ]}
            />
          </div>
        </Space>
      </Card>
    </div>
  )
}
