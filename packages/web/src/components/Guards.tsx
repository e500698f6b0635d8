// SPDX-License-Identifier: Apache-2.0
import type { ReactNode } from 'react'
import { Spin } from 'antd'
import { Navigate, useLocation } from 'react-router'
import { homeOf, mayOpen, type PageName } from '../access'
import { useAuth } from '../auth'

/** Renders the children once signed in; sends a signed-out visitor to the login page. */
export function RequireAuth({ children }: { children: ReactNode }) {
  const { user } = useAuth()
  const location = useLocation()
  if (user === undefined) {
    return <Spin size="large" style={{ display: 'block', marginTop: '30vh' }} />
  }
  if (user === null) return <Navigate to="/login" replace state={{ from: location.pathname }} />
  return <>{children}</>
}

/** Renders the page when the role may open it, else sends the user to the role's home. */
export function RequirePage({ page, children }: { page: PageName; children: ReactNode }) {
  const { user } = useAuth()
  if (!user) return null
  if (!mayOpen(user, page)) return <Navigate to={homeOf(user.role)} replace />
  return <>{children}</>
}
