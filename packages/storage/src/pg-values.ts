// SPDX-License-Identifier: Apache-2.0
// Value conversions shared by both drivers, so that PGlite and PostgreSQL return the same shapes:
// int8 → number (fen fit in 2^53), date → 'YYYY-MM-DD', timestamptz → ISO 8601 with offset.

/** OIDs of the types converted. */
export const OID = { int8: 20, date: 1082, timestamp: 1114, timestamptz: 1184 } as const

/** int8 text → number. */
export function parseInt8(value: string): number {
  return Number(value)
}

/**
 * PostgreSQL timestamptz text (`2025-01-02 08:00:00+08`, session time zone Asia/Shanghai) →
 * ISO 8601 (`2025-01-02T08:00:00+08:00`).
 */
export function parseTimestamptz(value: string): string {
  // The usual shape, whole seconds at +08: sliced without a regular expression.
  if (value.length === 22 && value.charCodeAt(10) === 32 && value.charCodeAt(19) === 43) {
    return `${value.slice(0, 10)}T${value.slice(11)}:00`
  }
  const m = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2})(\.\d+)?([+-]\d{2})(?::?(\d{2}))?$/.exec(value)
  if (!m) return value
  return `${m[1]}T${m[2]}${m[3] ?? ''}${m[4]}:${m[5] ?? '00'}`
}

/** date text stays as is (`YYYY-MM-DD`). */
export function parseDateText(value: string): string {
  return value
}

/** Session settings both drivers apply on connect. */
export const SESSION_SETTINGS = `SET TimeZone = 'Asia/Shanghai'; SET DateStyle = 'ISO, YMD';`
