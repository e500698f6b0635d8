// SPDX-License-Identifier: Apache-2.0
// The signed-in user. The session itself is the server's httpOnly cookie; the console only asks
// who it belongs to (GET /auth/me) and keeps the CSRF token the server hands out.
import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useState,
  type ReactNode,
} from 'react'
import * as api from './api'

interface Auth {
  /** The user, null when signed out, undefined while the session is being checked. */
  user: api.User | null | undefined
  login: (username: string, password: string) => Promise<api.User>
  logout: () => Promise<void>
  /** Changes the user's own password; the server ends the session, so this signs out too. */
  changePassword: (current: string, password: string) => Promise<void>
}

const AuthContext = createContext<Auth>({
  user: null,
  login: () => Promise.reject(new Error('no AuthProvider')),
  logout: () => Promise.resolve(),
  changePassword: () => Promise.reject(new Error('no AuthProvider')),
})

/** Checks the session once and provides the user; any 401 later signs the console out. */
export function AuthProvider({ children }: { children: ReactNode }) {
  const [user, setUser] = useState<api.User | null | undefined>(undefined)

  useEffect(() => {
    let current = true
    api.me().then(
      (session) => {
        if (current) setUser(session.user)
      },
      () => {
        if (current) setUser(null)
      }
    )
    api.setUnauthorizedHandler(() => {
      api.setCsrfToken(null)
      setUser(null)
    })
    return () => {
      current = false
      api.setUnauthorizedHandler(null)
    }
  }, [])

  const login = useCallback(async (username: string, password: string) => {
    const session = await api.login(username, password)
    setUser(session.user)
    return session.user
  }, [])

  const logout = useCallback(async () => {
    try {
      await api.logout()
    } finally {
      setUser(null)
    }
  }, [])

  const changePassword = useCallback(async (current: string, password: string) => {
    await api.changePassword(current, password)
    setUser(null)
  }, [])

  const value = useMemo<Auth>(
    () => ({ user, login, logout, changePassword }),
    [user, login, logout, changePassword]
  )
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>
}

/** The auth state and actions. */
export function useAuth(): Auth {
  return useContext(AuthContext)
}

/** The signed-in user; only for components rendered behind the sign-in guard. */
export function useUser(): api.User {
  const { user } = useContext(AuthContext)
  if (!user) throw new Error('useUser outside the signed-in area')
  return user
}
