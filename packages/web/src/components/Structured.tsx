// SPDX-License-Identifier: Apache-2.0
// Shows a value whose shape the server decides (evidence, rule parameters, policy basis): text as
// text, a list as a list, a flat object as a key/value table, anything else as JSON.
import { Descriptions } from 'antd'

type Primitive = string | number | boolean | null

function isPrimitive(value: unknown): value is Primitive {
  return value === null || ['string', 'number', 'boolean'].includes(typeof value)
}

/** Renders text, a list, a flat object or JSON. */
export function Structured({ value }: { value: unknown }) {
  if (value === null || value === undefined || value === '') return <>—</>
  if (typeof value === 'string') return <pre className="pre-text">{value}</pre>
  if (isPrimitive(value)) return <>{String(value)}</>
  if (Array.isArray(value)) {
    if (value.length === 0) return <>—</>
    if (value.every(isPrimitive)) {
      return (
        <ul style={{ margin: 0, paddingLeft: 20 }}>
          {value.map((item, index) => (
            <li key={index}>{String(item)}</li>
          ))}
        </ul>
      )
    }
  } else if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
    if (entries.length === 0) return <>—</>
    if (entries.every(([, v]) => isPrimitive(v) || (Array.isArray(v) && v.every(isPrimitive)))) {
      return (
        <Descriptions
          size="small"
          bordered
          column={1}
          items={entries.map(([key, v]) => ({
            key,
            label: key,
            children: Array.isArray(v) ? v.map(String).join('、') : String(v),
          }))}
        />
      )
    }
  }
  return <pre className="json-block">{JSON.stringify(value, null, 2)}</pre>
}
