// SPDX-License-Identifier: Apache-2.0
// Providers (locale, theme, auth) and the routes of the console. Pages load lazily so a role
// only downloads what it opens (the charts library only with the dashboard).
import { lazy, useEffect, type ComponentType, type FC } from 'react'
import { App as AntApp, ConfigProvider } from 'antd'
import enUSLocale from 'antd/es/locale/en_US'
import zhCNLocale from 'antd/es/locale/zh_CN'
import dayjs from 'dayjs'
import 'dayjs/locale/zh-cn'
import { BrowserRouter, Route, Routes } from 'react-router'
import type { PageName } from './access'
import { AuthProvider } from './auth'
import { AppLayout } from './components/AppLayout'
import { RequireAuth, RequirePage } from './components/Guards'
import { bindMessageApi } from './feedback'
import { I18nProvider, useLang } from './i18n'
import { LoginPage } from './pages/LoginPage'
import { NotFoundPage } from './pages/NotFoundPage'

/** A page loaded on first use from its module's named export. */
function page<K extends string>(load: () => Promise<Record<K, FC>>, name: K): ComponentType {
  return lazy(async () => {
    const component: FC = (await load())[name]
    return { default: component }
  })
}

const DashboardPage = page(() => import('./pages/DashboardPage'), 'DashboardPage')
const FindingsPage = page(() => import('./pages/FindingsPage'), 'FindingsPage')
const FindingDetailPage = page(() => import('./pages/FindingDetailPage'), 'FindingDetailPage')
const PortalPage = page(() => import('./pages/PortalPage'), 'PortalPage')
const ReviewPage = page(() => import('./pages/ReviewPage'), 'ReviewPage')
const SamplesPage = page(() => import('./pages/SamplesPage'), 'SamplesPage')
const SampleDetailPage = page(() => import('./pages/SampleDetailPage'), 'SampleDetailPage')
const DeductionsPage = page(() => import('./pages/DeductionsPage'), 'DeductionsPage')
const JobsPage = page(() => import('./pages/JobsPage'), 'JobsPage')
const UsersPage = page(() => import('./pages/admin/UsersPage'), 'UsersPage')
const ApiKeysPage = page(() => import('./pages/admin/ApiKeysPage'), 'ApiKeysPage')
const AuditLogPage = page(() => import('./pages/admin/AuditLogPage'), 'AuditLogPage')
const ReviewPolicyPage = page(() => import('./pages/admin/ReviewPolicyPage'), 'ReviewPolicyPage')
const PoliciesPage = page(() => import('./pages/settlement/PoliciesPage'), 'PoliciesPage')
const CalculatorPage = page(() => import('./pages/settlement/CalculatorPage'), 'CalculatorPage')
const WhatIfPage = page(() => import('./pages/settlement/WhatIfPage'), 'WhatIfPage')
const SettlementChecksPage = page(
  () => import('./pages/settlement/SettlementChecksPage'),
  'SettlementChecksPage'
)

const PaymentPlansPage = page(() => import('./pages/payment/PaymentPlansPage'), 'PaymentPlansPage')
const PaymentPage = page(() => import('./pages/payment/PaymentPage'), 'PaymentPage')
const StatementPage = page(() => import('./pages/payment/StatementPage'), 'StatementPage')
const ClearingPage = page(() => import('./pages/payment/ClearingPage'), 'ClearingPage')

const StaffPage = page(() => import('./pages/supervision/StaffPage'), 'StaffPage')
const StaffFilePage = page(() => import('./pages/supervision/StaffFilePage'), 'StaffFilePage')
const InspectionsPage = page(() => import('./pages/supervision/InspectionsPage'), 'InspectionsPage')
const ReportsPage = page(() => import('./pages/supervision/ReportsPage'), 'ReportsPage')
const ReportDetailPage = page(
  () => import('./pages/supervision/ReportDetailPage'),
  'ReportDetailPage'
)
const CluesPage = page(() => import('./pages/supervision/CluesPage'), 'CluesPage')
const ClueDetailPage = page(() => import('./pages/supervision/ClueDetailPage'), 'ClueDetailPage')
const CallbacksPage = page(() => import('./pages/supervision/CallbacksPage'), 'CallbacksPage')
const CallbackDrawPage = page(
  () => import('./pages/supervision/CallbackDrawPage'),
  'CallbackDrawPage'
)
const AssessmentsPage = page(() => import('./pages/supervision/AssessmentsPage'), 'AssessmentsPage')
const SubsidyPage = page(() => import('./pages/supervision/SubsidyPage'), 'SubsidyPage')
const AgreementsPage = page(() => import('./pages/supervision/AgreementsPage'), 'AgreementsPage')
const InspectionDrawPage = page(
  () => import('./pages/supervision/InspectionDrawPage'),
  'InspectionDrawPage'
)
const ScreeningPage = page(() => import('./pages/screening/ScreeningPage'), 'ScreeningPage')
const RisksPage = page(() => import('./pages/screening/RisksPage'), 'RisksPage')
const ReviewQueuePage = page(() => import('./pages/screening/ReviewQueuePage'), 'ReviewQueuePage')

/** Binds the context-aware toast API once antd's <App> is mounted. */
function MessageBinder() {
  const { message } = AntApp.useApp()
  useEffect(() => {
    bindMessageApi(message)
    return () => bindMessageApi(null)
  }, [message])
  return null
}

function guarded(name: PageName, Page: ComponentType) {
  return (
    <RequirePage page={name}>
      <Page />
    </RequirePage>
  )
}

function Routed() {
  const { lang } = useLang()
  useEffect(() => {
    dayjs.locale(lang === 'zh-CN' ? 'zh-cn' : 'en')
    document.documentElement.lang = lang
  }, [lang])
  return (
    <ConfigProvider
      locale={lang === 'zh-CN' ? zhCNLocale : enUSLocale}
      theme={{ token: { colorPrimary: '#1f6fb2' } }}
    >
      <AntApp>
        <MessageBinder />
        <AuthProvider>
          <BrowserRouter>
            <Routes>
              <Route path="/login" element={<LoginPage />} />
              <Route
                element={
                  <RequireAuth>
                    <AppLayout />
                  </RequireAuth>
                }
              >
                <Route index element={guarded('dashboard', DashboardPage)} />
                <Route path="findings" element={guarded('findings', FindingsPage)} />
                <Route path="findings/:id" element={guarded('findingDetail', FindingDetailPage)} />
                <Route path="portal" element={guarded('portal', PortalPage)} />
                <Route path="review" element={guarded('review', ReviewPage)} />
                <Route path="samples" element={guarded('samples', SamplesPage)} />
                <Route path="samples/:id" element={guarded('samples', SampleDetailPage)} />
                <Route path="deductions" element={guarded('deductions', DeductionsPage)} />
                <Route path="jobs" element={guarded('jobs', JobsPage)} />
                <Route path="policies" element={guarded('policies', PoliciesPage)} />
                <Route
                  path="settlement/calculator"
                  element={guarded('calculator', CalculatorPage)}
                />
                <Route path="settlement/whatif" element={guarded('whatIf', WhatIfPage)} />
                <Route
                  path="settlement/checks"
                  element={guarded('settlementChecks', SettlementChecksPage)}
                />
                <Route path="payment" element={guarded('payment', PaymentPage)} />
                <Route path="payment/statements/:id" element={guarded('payment', StatementPage)} />
                <Route path="payment/plans" element={guarded('paymentPlans', PaymentPlansPage)} />
                <Route path="payment/clearing" element={guarded('clearing', ClearingPage)} />
                <Route path="staff" element={guarded('staff', StaffPage)} />
                <Route path="staff/:code" element={guarded('staff', StaffFilePage)} />
                <Route path="inspections" element={guarded('inspections', InspectionsPage)} />
                <Route
                  path="inspections/draws/:id"
                  element={guarded('inspections', InspectionDrawPage)}
                />
                <Route path="reports" element={guarded('reports', ReportsPage)} />
                <Route path="reports/:id" element={guarded('reports', ReportDetailPage)} />
                <Route path="clues" element={guarded('clues', CluesPage)} />
                <Route path="clues/:id" element={guarded('clues', ClueDetailPage)} />
                <Route path="screening" element={guarded('screening', ScreeningPage)} />
                <Route path="screening/institutions" element={guarded('screening', RisksPage)} />
                <Route path="screening/queue" element={guarded('screening', ReviewQueuePage)} />
                <Route path="callbacks" element={guarded('callbacks', CallbacksPage)} />
                <Route path="callbacks/:id" element={guarded('callbacks', CallbackDrawPage)} />
                <Route path="assessments" element={guarded('assessments', AssessmentsPage)} />
                <Route path="subsidy" element={guarded('subsidy', SubsidyPage)} />
                <Route path="agreements" element={guarded('agreements', AgreementsPage)} />
                <Route path="admin/users" element={guarded('users', UsersPage)} />
                <Route path="admin/api-keys" element={guarded('apiKeys', ApiKeysPage)} />
                <Route path="admin/audit-log" element={guarded('auditLog', AuditLogPage)} />
                <Route
                  path="admin/review-policy"
                  element={guarded('reviewPolicy', ReviewPolicyPage)}
                />
                <Route path="*" element={<NotFoundPage />} />
              </Route>
            </Routes>
          </BrowserRouter>
        </AuthProvider>
      </AntApp>
    </ConfigProvider>
  )
}

/** The console. */
export function App() {
  return (
    <I18nProvider>
      <Routed />
    </I18nProvider>
  )
}
