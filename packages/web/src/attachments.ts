// SPDX-License-Identifier: Apache-2.0
// Appeal attachments: the accepted kinds and sizes (checked here for a quick answer; the server
// checks again and decides) and reading a file as base64.

export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
export const MAX_ATTACHMENTS = 5

const CONTENT_TYPES: Record<string, string> = {
  pdf: 'application/pdf',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  doc: 'application/msword',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xls: 'application/vnd.ms-excel',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
}

/** The `accept` attribute of the file input. */
export const ATTACHMENT_ACCEPT = Object.keys(CONTENT_TYPES)
  .map((ext) => `.${ext}`)
  .join(',')

/** The file name's extension, lower case, without the dot. */
function extension(name: string): string {
  const dot = name.lastIndexOf('.')
  return dot < 0 ? '' : name.slice(dot + 1).toLowerCase()
}

/** The content type to send for a file (by its extension), or null when the kind is not accepted. */
export function attachmentContentType(name: string): string | null {
  return CONTENT_TYPES[extension(name)] ?? null
}

/** Reads a file as base64 (without the `data:` prefix). */
export function readBase64(file: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader()
    reader.onload = () => {
      const url = String(reader.result)
      resolve(url.slice(url.indexOf(',') + 1))
    }
    reader.onerror = () => reject(reader.error ?? new Error('read failed'))
    reader.readAsDataURL(file)
  })
}
