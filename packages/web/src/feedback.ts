// SPDX-License-Identifier: Apache-2.0
// Toasts for success and errors, and the server's issues at the form fields they name. The message
// API of antd's <App> (which follows the theme and locale) is bound at start-up; before that the
// static one is used.
import { message as staticMessage, type App, type FormInstance } from 'antd'
import { ApiError } from './api'
import { storedLang, translate } from './i18n'

type MessageApi = ReturnType<typeof App.useApp>['message']

let bound: MessageApi | null = null

/** Binds the context-aware message API of antd's <App>. */
export function bindMessageApi(api: MessageApi | null): void {
  bound = api
}

function messages(): MessageApi {
  return bound ?? staticMessage
}

/** The text to show for an error: the server's message, or a generic one. */
export function errorText(error: unknown): string {
  const lang = storedLang()
  if (error instanceof ApiError) {
    if (error.status === 0) return translate(lang, 'error.network')
    if (error.status === 403 && error.message === '') return translate(lang, 'error.forbidden')
    return error.message
  }
  if (error instanceof Error && error.message !== '') return error.message
  return translate(lang, 'error.unknown')
}

/** Shows an error with antd `message.error`; a 401 is left to the redirect to the login page. */
export function showError(error: unknown): void {
  if (error instanceof ApiError && error.status === 401) return
  void messages().error(errorText(error))
}

/** Shows a success toast. */
export function showSuccess(text: string): void {
  void messages().success(text)
}

/**
 * Shows the issues of a refused write at the form fields they name (the Outcome `path`:
 * `appealDays`, `holidays[0]` → `holidays`, `noAppeal.CLEAR` → `['noAppeal', 'CLEAR']`), without
 * the message's leading `path：`; what names no field of `fields` (or is no such answer) is
 * shown as a toast.
 */
export function showFieldErrors(
  form: FormInstance,
  error: unknown,
  fields: readonly string[]
): void {
  if (!(error instanceof ApiError) || error.status !== 400 || error.issues.length === 0) {
    showError(error)
    return
  }
  const byField = new Map<string, { name: string[]; errors: string[] }>()
  const rest: string[] = []
  for (const issue of error.issues) {
    const path = issue.path ?? ''
    const name = path.replace(/\[\d+\]/g, '').split('.')
    if (!fields.includes(name[0] ?? '')) {
      rest.push(issue.message)
      continue
    }
    const text = issue.message.startsWith(`${path}：`)
      ? issue.message.slice(path.length + 1)
      : issue.message
    const key = name.join('.')
    const entry = byField.get(key) ?? { name, errors: [] }
    entry.errors.push(text)
    byField.set(key, entry)
  }
  form.setFields([...byField.values()])
  if (rest.length > 0) void messages().error(rest.join('；'))
}
