// SPDX-License-Identifier: Apache-2.0
// Toasts for success and errors. The message API of antd's <App> (which follows the theme and
// locale) is bound at start-up; before that the static one is used.
import { message as staticMessage, type App } from 'antd'
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
