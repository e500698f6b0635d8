// SPDX-License-Identifier: Apache-2.0
// A small in-house i18n: two dictionaries with the same keys, a hook, the language in
// localStorage. Chinese is the default and the primary language.
import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react'
import { enUS } from './en-US'
import { zhCN } from './zh-CN'

export type Lang = 'zh-CN' | 'en-US'
export type MessageKey = keyof typeof zhCN
export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string

const dictionaries: Record<Lang, Record<MessageKey, string>> = {
  'zh-CN': zhCN,
  'en-US': enUS,
}

const STORAGE_KEY = 'yibao.lang'

/** The language kept in localStorage, zh-CN when none or unknown. */
export function storedLang(): Lang {
  try {
    return localStorage.getItem(STORAGE_KEY) === 'en-US' ? 'en-US' : 'zh-CN'
  } catch {
    return 'zh-CN'
  }
}

/** Looks a key up in one language and fills `{name}` placeholders. */
export function translate(
  lang: Lang,
  key: MessageKey,
  params?: Record<string, string | number>
): string {
  const text = dictionaries[lang][key] ?? zhCN[key] ?? key
  if (!params) return text
  return text.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole
  )
}

interface I18n {
  lang: Lang
  setLang: (lang: Lang) => void
  t: Translate
}

const I18nContext = createContext<I18n>({
  lang: 'zh-CN',
  setLang: () => undefined,
  t: (key, params) => translate('zh-CN', key, params),
})

/** Provides the language and the translate function to the tree. */
export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(storedLang)
  const setLang = useCallback((next: Lang) => {
    try {
      localStorage.setItem(STORAGE_KEY, next)
    } catch {
      // Without storage the choice lasts until a reload.
    }
    document.documentElement.lang = next
    setLangState(next)
  }, [])
  const value = useMemo<I18n>(
    () => ({ lang, setLang, t: (key, params) => translate(lang, key, params) }),
    [lang, setLang]
  )
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>
}

/**
 * A code's name from the dictionary (`careKind.INPATIENT`…), else the code itself; `empty` for
 * no code.
 */
export function codeName(
  t: Translate,
  prefix: string,
  code: string | number | null | undefined,
  empty = '—'
): string {
  if (code === null || code === undefined || code === '') return empty
  const key = `${prefix}.${code}`
  return key in zhCN ? t(key as MessageKey) : String(code)
}

/** The translate function of the current language. */
export function useT(): Translate {
  return useContext(I18nContext).t
}

/** The current language and its setter. */
export function useLang(): { lang: Lang; setLang: (lang: Lang) => void } {
  const { lang, setLang } = useContext(I18nContext)
  return { lang, setLang }
}
