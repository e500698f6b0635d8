// SPDX-License-Identifier: Apache-2.0
// What the signed-in user may do and which pages they may open. The permissions come from the
// server with the session (the server's one permission table), so the console offers exactly
// what the server allows; the server still checks every request on its own.
import type { Permission, Role, User } from './api'

export type { Permission }

/** True when the user holds the permission. */
export function can(
  user: Pick<User, 'permissions'> | null | undefined,
  permission: Permission
): boolean {
  return user?.permissions.includes(permission) ?? false
}

/** The page a role lands on after signing in. */
export function homeOf(role: Role): string {
  switch (role) {
    case 'admin':
      return '/admin/users'
    case 'auditor':
      return '/findings'
    case 'reviewer':
      return '/review'
    case 'institution':
      return '/portal'
    case 'fund_manager':
    case 'inspector':
    case 'report_handler':
      return '/'
  }
}

/**
 * The pages of the console and what opening each needs. The bureau's pages are not for
 * institution users, who have their portal.
 */
const PAGE_ACCESS = {
  dashboard: { permission: 'funnel.read', bureau: true },
  findings: { permission: 'findings.read', bureau: true },
  review: { permission: 'findings.decide', bureau: true },
  portal: { permission: 'findings.appeal', bureau: false },
  samples: { permission: 'samples.read', bureau: true },
  deductions: { permission: 'deductions.read', bureau: true },
  jobs: { permission: 'jobs.read', bureau: true },
  users: { permission: 'users.manage', bureau: true },
  apiKeys: { permission: 'apiKeys.manage', bureau: true },
  auditLog: { permission: 'auditLog.read', bureau: true },
  reviewPolicy: { permission: 'reviewPolicy.read', bureau: true },
  policies: { permission: 'policies.read', bureau: true },
  calculator: { permission: 'settlement.calculate', bureau: true },
  whatIf: { permission: 'settlement.whatif', bureau: true },
  settlementChecks: { permission: 'settlement.check', bureau: true },
  paymentPlans: { permission: 'payment.read', bureau: true },
  // Institution users see their own statements (the server limits them).
  payment: { permission: 'statements.read', bureau: false },
  clearing: { permission: 'payment.read', bureau: true },
  staff: { permission: 'staff.read', bureau: true },
  inspections: { permission: 'inspections.read', bureau: true },
  reports: { permission: 'reports.read', bureau: true },
  clues: { permission: 'clues.read', bureau: true },
  screening: { permission: 'screening.read', bureau: true },
  callbacks: { permission: 'callbacks.read', bureau: true },
  assessments: { permission: 'assessments.read', bureau: true },
  subsidy: { permission: 'subsidy.read', bureau: true },
  agreements: { permission: 'agreements.read', bureau: true },
  findingDetail: { permission: 'findings.read', bureau: false },
} satisfies Record<string, { permission: Permission; bureau: boolean }>

export type PageName = keyof typeof PAGE_ACCESS

/** True when the user may open the page. */
export function mayOpen(user: User, page: PageName): boolean {
  const access = PAGE_ACCESS[page]
  if (access.bureau && user.role === 'institution') return false
  return can(user, access.permission)
}
