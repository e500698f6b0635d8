// SPDX-License-Identifier: Apache-2.0
// Which role sees which page and which action. This mirrors the server's permission table so the
// console only offers what a role may do; the server checks every request on its own.
import type { Role } from './api'

export type Permission =
  | 'dashboard.read'
  | 'findings.read'
  | 'findings.dispatch'
  | 'findings.appeal'
  | 'findings.decide'
  | 'samples.read'
  | 'samples.draw'
  | 'samples.check'
  | 'samples.apply'
  | 'deductions.read'
  | 'audit.run'
  | 'jobs.read'
  | 'auditLog.read'
  | 'users.manage'
  | 'apiKeys.manage'
  | 'reviewPolicy.read'
  | 'reviewPolicy.manage'

const BUREAU: readonly Role[] = [
  'admin',
  'auditor',
  'reviewer',
  'inspector',
  'report_handler',
  'fund_manager',
]

const PERMISSIONS: Record<Permission, readonly Role[]> = {
  'dashboard.read': BUREAU,
  'findings.read': ['admin', 'auditor', 'reviewer', 'inspector', 'fund_manager', 'institution'],
  'findings.dispatch': ['auditor'],
  'findings.appeal': ['institution'],
  'findings.decide': ['reviewer'],
  'samples.read': ['admin', 'auditor', 'reviewer', 'fund_manager'],
  'samples.draw': ['auditor', 'reviewer'],
  'samples.check': ['reviewer'],
  'samples.apply': ['fund_manager'],
  'deductions.read': ['admin', 'auditor', 'reviewer', 'fund_manager', 'institution'],
  'audit.run': ['auditor'],
  'jobs.read': ['admin', 'auditor', 'reviewer', 'fund_manager'],
  'auditLog.read': ['admin'],
  'users.manage': ['admin'],
  'apiKeys.manage': ['admin'],
  'reviewPolicy.read': ['admin', 'auditor', 'reviewer', 'fund_manager'],
  'reviewPolicy.manage': ['admin'],
}

/** True when the role holds the permission. */
export function can(role: Role | undefined, permission: Permission): boolean {
  return role !== undefined && PERMISSIONS[permission].includes(role)
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

/** The pages of the console and who may open them, in menu order. */
export const PAGE_ACCESS = {
  dashboard: BUREAU,
  findings: ['admin', 'auditor', 'reviewer', 'inspector', 'fund_manager'],
  review: ['reviewer'],
  portal: ['institution'],
  samples: PERMISSIONS['samples.read'],
  deductions: ['admin', 'auditor', 'reviewer', 'fund_manager'],
  jobs: PERMISSIONS['jobs.read'],
  users: ['admin'],
  apiKeys: ['admin'],
  auditLog: ['admin'],
  reviewPolicy: PERMISSIONS['reviewPolicy.read'],
  findingDetail: PERMISSIONS['findings.read'],
} satisfies Record<string, readonly Role[]>

export type PageName = keyof typeof PAGE_ACCESS

/** True when the role may open the page. */
export function mayOpen(role: Role, page: PageName): boolean {
  return (PAGE_ACCESS[page] as readonly Role[]).includes(role)
}
