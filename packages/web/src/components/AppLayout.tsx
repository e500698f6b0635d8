// SPDX-License-Identifier: Apache-2.0
// The frame of the signed-in console: a left menu with only the pages the role may open, and a
// header with the user, the role, the language switch, the own-password change and sign-out.
import { Suspense, useState, type ReactNode } from 'react'
import {
  AimOutlined,
  AlertOutlined,
  AuditOutlined,
  AccountBookOutlined,
  CalculatorOutlined,
  ClusterOutlined,
  DashboardOutlined,
  ExperimentOutlined,
  FileProtectOutlined,
  FileSearchOutlined,
  FileDoneOutlined,
  FundProjectionScreenOutlined,
  GiftOutlined,
  HistoryOutlined,
  IdcardOutlined,
  KeyOutlined,
  LockOutlined,
  LogoutOutlined,
  MoneyCollectOutlined,
  NotificationOutlined,
  OrderedListOutlined,
  PayCircleOutlined,
  PhoneOutlined,
  RadarChartOutlined,
  ReconciliationOutlined,
  SafetyCertificateOutlined,
  ScheduleOutlined,
  ShopOutlined,
  SlidersOutlined,
  StopOutlined,
  TeamOutlined,
  TrophyOutlined,
} from '@ant-design/icons'
import { Button, Layout, Menu, Segmented, Space, Spin, Typography } from 'antd'
import type { MenuProps } from 'antd'
import { Outlet, useLocation, useNavigate } from 'react-router'
import { mayOpen, type PageName } from '../access'
import { useAuth, useUser } from '../auth'
import { showError } from '../feedback'
import { useLang, useT, type Lang, type MessageKey, type Translate } from '../i18n'
import { ChangePasswordModal } from './ChangePasswordModal'
import { RoleTag } from './Tags'

interface MenuEntry {
  page: PageName
  path: string
  label: MessageKey
  icon: ReactNode
  /** The titled group of the menu the entry sits in, if any. */
  group?: MessageKey
}

const MENU: MenuEntry[] = [
  { page: 'dashboard', path: '/', label: 'menu.dashboard', icon: <DashboardOutlined /> },
  { page: 'findings', path: '/findings', label: 'menu.findings', icon: <FileSearchOutlined /> },
  { page: 'review', path: '/review', label: 'menu.review', icon: <AuditOutlined /> },
  { page: 'portal', path: '/portal', label: 'menu.portal', icon: <ShopOutlined /> },
  { page: 'samples', path: '/samples', label: 'menu.samples', icon: <ExperimentOutlined /> },
  {
    page: 'deductions',
    path: '/deductions',
    label: 'menu.deductions',
    icon: <MoneyCollectOutlined />,
  },
  {
    page: 'staff',
    path: '/staff',
    label: 'menu.staff',
    icon: <IdcardOutlined />,
    group: 'menu.group.supervision',
  },
  {
    page: 'inspections',
    path: '/inspections',
    label: 'menu.inspections',
    icon: <FileDoneOutlined />,
    group: 'menu.group.supervision',
  },
  {
    page: 'reports',
    path: '/reports',
    label: 'menu.reports',
    icon: <NotificationOutlined />,
    group: 'menu.group.supervision',
  },
  {
    page: 'clues',
    path: '/clues',
    label: 'menu.clues',
    icon: <AimOutlined />,
    group: 'menu.group.supervision',
  },
  {
    page: 'screening',
    path: '/screening',
    label: 'menu.screening',
    icon: <RadarChartOutlined />,
    group: 'menu.group.supervision',
  },
  {
    page: 'screening',
    path: '/screening/institutions',
    label: 'menu.screeningRisks',
    icon: <AlertOutlined />,
    group: 'menu.group.supervision',
  },
  {
    page: 'screening',
    path: '/screening/queue',
    label: 'menu.screeningQueue',
    icon: <OrderedListOutlined />,
    group: 'menu.group.supervision',
  },
  {
    page: 'callbacks',
    path: '/callbacks',
    label: 'menu.callbacks',
    icon: <PhoneOutlined />,
    group: 'menu.group.supervision',
  },
  {
    page: 'assessments',
    path: '/assessments',
    label: 'menu.assessments',
    icon: <TrophyOutlined />,
    group: 'menu.group.supervision',
  },
  {
    page: 'subsidy',
    path: '/subsidy',
    label: 'menu.subsidy',
    icon: <GiftOutlined />,
    group: 'menu.group.supervision',
  },
  {
    page: 'agreements',
    path: '/agreements',
    label: 'menu.agreements',
    icon: <StopOutlined />,
    group: 'menu.group.supervision',
  },
  {
    page: 'policies',
    path: '/policies',
    label: 'menu.policies',
    icon: <SafetyCertificateOutlined />,
  },
  {
    page: 'calculator',
    path: '/settlement/calculator',
    label: 'menu.calculator',
    icon: <CalculatorOutlined />,
  },
  {
    page: 'whatIf',
    path: '/settlement/whatif',
    label: 'menu.whatIf',
    icon: <FundProjectionScreenOutlined />,
  },
  {
    page: 'settlementChecks',
    path: '/settlement/checks',
    label: 'menu.settlementChecks',
    icon: <ReconciliationOutlined />,
  },
  {
    page: 'paymentPlans',
    path: '/payment/plans',
    label: 'menu.paymentPlans',
    icon: <FileProtectOutlined />,
  },
  { page: 'payment', path: '/payment', label: 'menu.payment', icon: <PayCircleOutlined /> },
  {
    page: 'clearing',
    path: '/payment/clearing',
    label: 'menu.clearing',
    icon: <AccountBookOutlined />,
  },
  { page: 'jobs', path: '/jobs', label: 'menu.jobs', icon: <ScheduleOutlined /> },
  { page: 'users', path: '/admin/users', label: 'menu.users', icon: <TeamOutlined /> },
  { page: 'apiKeys', path: '/admin/api-keys', label: 'menu.apiKeys', icon: <KeyOutlined /> },
  { page: 'auditLog', path: '/admin/audit-log', label: 'menu.auditLog', icon: <HistoryOutlined /> },
  {
    page: 'reviewPolicy',
    path: '/admin/review-policy',
    label: 'menu.reviewPolicy',
    icon: <SlidersOutlined />,
  },
]

type MenuItems = NonNullable<MenuProps['items']>

/** The menu's items: the entries in order, those of a group under its title where it first shows. */
function menuItems(entries: readonly MenuEntry[], t: Translate): MenuItems {
  const items: MenuItems = []
  const groups = new Map<MessageKey, MenuItems>()
  for (const entry of entries) {
    const item = { key: entry.path, icon: entry.icon, label: t(entry.label) }
    if (entry.group === undefined) {
      items.push(item)
      continue
    }
    let children = groups.get(entry.group)
    if (children === undefined) {
      children = []
      groups.set(entry.group, children)
      items.push({ type: 'group', key: entry.group, label: t(entry.group), children })
    }
    children.push(item)
  }
  return items
}

/** The menu entry whose path is the longest prefix of the current location. */
function selectedKey(pathname: string, entries: MenuEntry[]): string {
  let best = ''
  for (const entry of entries) {
    const match =
      entry.path === '/'
        ? pathname === '/'
        : pathname === entry.path || pathname.startsWith(`${entry.path}/`)
    if (match && entry.path.length > best.length) best = entry.path
  }
  return best
}

/** The signed-in frame; pages render in its content area. */
export function AppLayout() {
  const t = useT()
  const { lang, setLang } = useLang()
  const user = useUser()
  const { logout } = useAuth()
  const navigate = useNavigate()
  const location = useLocation()
  const [collapsed, setCollapsed] = useState(false)
  const [passwordOpen, setPasswordOpen] = useState(false)

  const entries = MENU.filter((entry) => mayOpen(user, entry.page))
  const items = menuItems(entries, t)

  const signOut = async () => {
    try {
      await logout()
    } catch (error) {
      showError(error)
    }
    navigate('/login', { replace: true })
  }

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Sider
        collapsible
        collapsed={collapsed}
        onCollapse={setCollapsed}
        width={208}
        theme="dark"
      >
        <div
          style={{
            height: 56,
            display: 'flex',
            alignItems: 'center',
            justifyContent: 'center',
            color: '#fff',
            fontWeight: 600,
            fontSize: collapsed ? 14 : 16,
            whiteSpace: 'nowrap',
            overflow: 'hidden',
          }}
        >
          <ClusterOutlined style={{ marginRight: collapsed ? 0 : 8 }} />
          {!collapsed && t('app.shortTitle')}
        </div>
        <Menu
          theme="dark"
          mode="inline"
          selectedKeys={[selectedKey(location.pathname, entries)]}
          items={items}
          onClick={({ key }) => navigate(key)}
        />
      </Layout.Sider>
      <Layout>
        <Layout.Header
          style={{
            background: '#fff',
            padding: '0 24px',
            display: 'flex',
            alignItems: 'center',
            justifyContent: 'space-between',
            borderBottom: '1px solid #f0f0f0',
          }}
        >
          <Typography.Title level={4} style={{ margin: 0 }}>
            {t('app.title')}
          </Typography.Title>
          <Space size="middle">
            <span data-testid="current-user">
              {user.displayName}
              <Typography.Text type="secondary" style={{ marginLeft: 6 }}>
                {user.username}
              </Typography.Text>
            </span>
            <RoleTag role={user.role} />
            {user.institutionCode && (
              <Typography.Text type="secondary">{user.institutionCode}</Typography.Text>
            )}
            <Segmented<Lang>
              size="small"
              value={lang}
              onChange={setLang}
              options={[
                { label: '中文', value: 'zh-CN' },
                { label: 'English', value: 'en-US' },
              ]}
            />
            <Button
              icon={<LockOutlined />}
              data-testid="change-password"
              onClick={() => setPasswordOpen(true)}
            >
              {t('password.title')}
            </Button>
            <Button icon={<LogoutOutlined />} data-testid="logout" onClick={() => void signOut()}>
              {t('auth.logout')}
            </Button>
          </Space>
          <ChangePasswordModal open={passwordOpen} onClose={() => setPasswordOpen(false)} />
        </Layout.Header>
        <Layout.Content style={{ margin: 24 }}>
          <Suspense fallback={<Spin style={{ display: 'block', marginTop: 80 }} size="large" />}>
            <Outlet />
          </Suspense>
        </Layout.Content>
      </Layout>
    </Layout>
  )
}
