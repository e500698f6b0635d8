// SPDX-License-Identifier: Apache-2.0

/**
 * Parses CSV text (RFC 4180): comma-separated fields, fields in double quotes may contain commas,
 * line breaks and doubled quotes (`""`). A leading UTF-8 BOM is dropped; CRLF, LF and CR all end a
 * record. A final line break does not add an empty record.
 *
 * @param text - the whole file as text
 * @returns the records, each an array of raw (untrimmed) field values
 * @example
 * parseCsv('a,"b,c"\n1,"x ""y"""\n') // [['a', 'b,c'], ['1', 'x "y"']]
 */
export function parseCsv(text: string): string[][] {
  const records: string[][] = []
  let record: string[] = []
  let field = ''
  let inQuotes = false
  // True once the current record has any content, so that a trailing newline adds no record.
  let started = false
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0
  const n = text.length
  while (i < n) {
    const ch = text[i]!
    if (inQuotes) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"'
          i += 2
          continue
        }
        inQuotes = false
        i++
        continue
      }
      field += ch
      i++
      continue
    }
    if (ch === '"') {
      inQuotes = true
      started = true
      i++
    } else if (ch === ',') {
      record.push(field)
      field = ''
      started = true
      i++
    } else if (ch === '\n' || ch === '\r') {
      record.push(field)
      records.push(record)
      record = []
      field = ''
      started = false
      i += ch === '\r' && text[i + 1] === '\n' ? 2 : 1
    } else {
      field += ch
      started = true
      i++
    }
  }
  if (started || inQuotes) {
    record.push(field)
    records.push(record)
  }
  return records
}
