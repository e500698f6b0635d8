// SPDX-License-Identifier: Apache-2.0

/** The roles of people who sign in to the console. */
export type Role =
  'admin' | 'auditor' | 'reviewer' | 'inspector' | 'report_handler' | 'fund_manager' | 'institution'

/** Every role. */
export const ROLES: readonly Role[] = [
  'admin',
  'auditor',
  'reviewer',
  'inspector',
  'report_handler',
  'fund_manager',
  'institution',
]

/** Chinese names of the roles. */
export const ROLE_LABELS: Record<Role, string> = {
  admin: '系统管理员',
  auditor: '审核员',
  reviewer: '复审员',
  inspector: '稽核员',
  report_handler: '举报受理员',
  fund_manager: '基金管理员',
  institution: '定点医药机构',
}

/** What a request may do. */
export type Permission =
  | 'findings.read'
  | 'findings.dispatch'
  | 'findings.appeal'
  | 'findings.decide'
  | 'samples.read'
  | 'samples.draw'
  | 'samples.check'
  | 'samples.apply'
  | 'deductions.read'
  | 'funnel.read'
  | 'audit.run'
  | 'jobs.read'
  | 'auditLog.read'
  | 'users.manage'
  | 'apiKeys.manage'
  | 'reviewPolicy.read'
  | 'reviewPolicy.manage'
  | 'policies.read'
  | 'policies.manage'
  | 'settlement.calculate'
  | 'settlement.whatif'
  | 'settlement.check'
  | 'payment.read'
  | 'payment.manage'
  | 'payment.run'
  | 'statements.read'
  | 'staff.read'
  | 'staff.manage'
  | 'staffRules.manage'
  | 'inspections.read'
  | 'inspections.manage'
  | 'assessments.read'
  | 'assessments.manage'
  | 'assessmentTemplate.manage'
  | 'subsidy.read'
  | 'subsidy.manage'
  | 'agreements.read'
  | 'agreements.manage'
  | 'blacklist.manage'
  | 'reports.read'
  | 'reports.handle'
  | 'reports.stats'
  | 'rewards.approve'
  | 'reportPolicy.manage'
  | 'clues.read'
  | 'screening.read'
  | 'screening.run'
  | 'clues.manage'
  | 'callbacks.read'
  | 'callbacks.manage'

/**
 * The one permission table. An institution user's permissions are further limited to the
 * institution's own records, which every query of theirs enforces.
 */
export const PERMISSIONS: Record<Permission, readonly Role[]> = {
  'findings.read': ['admin', 'auditor', 'reviewer', 'inspector', 'fund_manager', 'institution'],
  'findings.dispatch': ['auditor'],
  'findings.appeal': ['institution'],
  'findings.decide': ['reviewer'],
  'samples.read': ['admin', 'auditor', 'reviewer', 'fund_manager'],
  'samples.draw': ['auditor', 'reviewer'],
  'samples.check': ['reviewer'],
  'samples.apply': ['fund_manager'],
  'deductions.read': ['admin', 'auditor', 'reviewer', 'fund_manager', 'institution'],
  'funnel.read': ['admin', 'auditor', 'reviewer', 'inspector', 'report_handler', 'fund_manager'],
  'audit.run': ['auditor'],
  'jobs.read': ['admin', 'auditor', 'reviewer', 'inspector', 'fund_manager'],
  'auditLog.read': ['admin'],
  'users.manage': ['admin'],
  'apiKeys.manage': ['admin'],
  'reviewPolicy.read': ['admin', 'auditor', 'reviewer', 'fund_manager'],
  'reviewPolicy.manage': ['admin'],
  'policies.read': ['admin', 'auditor', 'reviewer', 'inspector', 'fund_manager'],
  'policies.manage': ['admin', 'fund_manager'],
  'settlement.calculate': [
    'admin',
    'auditor',
    'reviewer',
    'inspector',
    'report_handler',
    'fund_manager',
  ],
  'settlement.whatif': ['admin', 'fund_manager'],
  'settlement.check': ['admin', 'auditor', 'fund_manager'],
  'payment.read': ['admin', 'auditor', 'inspector', 'fund_manager'],
  'payment.manage': ['admin', 'fund_manager'],
  'payment.run': ['fund_manager'],
  'statements.read': ['admin', 'auditor', 'inspector', 'fund_manager', 'institution'],
  'staff.read': ['admin', 'auditor', 'reviewer', 'inspector', 'fund_manager'],
  'staff.manage': ['inspector'],
  'staffRules.manage': ['admin'],
  'inspections.read': ['admin', 'auditor', 'inspector', 'fund_manager'],
  'inspections.manage': ['inspector'],
  'assessments.read': ['admin', 'auditor', 'inspector', 'fund_manager'],
  'assessments.manage': ['inspector'],
  'assessmentTemplate.manage': ['admin'],
  'subsidy.read': ['admin', 'auditor', 'fund_manager'],
  'subsidy.manage': ['fund_manager'],
  'agreements.read': ['admin', 'auditor', 'inspector', 'fund_manager'],
  'agreements.manage': ['fund_manager'],
  'blacklist.manage': ['inspector'],
  'reports.read': ['admin', 'inspector', 'report_handler'],
  'reports.handle': ['report_handler'],
  'reports.stats': ['admin', 'inspector', 'report_handler', 'fund_manager'],
  'rewards.approve': ['admin', 'report_handler'],
  'reportPolicy.manage': ['admin'],
  'clues.read': ['admin', 'auditor', 'inspector', 'fund_manager'],
  'clues.manage': ['inspector'],
  'screening.read': ['admin', 'auditor', 'reviewer', 'inspector', 'fund_manager'],
  'screening.run': ['inspector'],
  'callbacks.read': ['admin', 'inspector', 'auditor'],
  'callbacks.manage': ['inspector'],
}

/** True when the role holds the permission. */
export function can(role: Role, permission: Permission): boolean {
  return PERMISSIONS[permission].includes(role)
}

/** Every permission a role holds (the console shows only what they allow). */
export function permissionsOf(role: Role): Permission[] {
  return (Object.keys(PERMISSIONS) as Permission[]).filter((p) => can(role, p))
}

/** True for a role name. */
export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value)
}
