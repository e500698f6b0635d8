// SPDX-License-Identifier: Apache-2.0

/** What the dictionary knows of a code when it first meets it (name and list type of the line). */
export interface CodeSighting {
  readonly code: string
  readonly name: string
  /** `hilist_type` of the line (101, 102, 201, 301), or '' for diagnoses and operations. */
  readonly listType: string
}

/** Fills one attribute of a newly seen code. */
export type CodeFiller = (id: number, seen: CodeSighting) => number

interface Column {
  data: Int32Array | Float64Array
  readonly fill: CodeFiller
  readonly float: boolean
}

/**
 * Dictionary encoding of codes (drug, item, diagnosis or procedure codes) to dense integer ids,
 * with attribute columns indexed by id: the knowledge tables of the kernel. An attribute is
 * computed once, when its code is first seen, by the filler its rule registered; the kernel then
 * reads `column[id]`.
 */
export class CodeDictionary {
  private readonly ids = new Map<string, number>()
  private readonly codes: string[] = []
  private readonly names: string[] = []
  private readonly columns: Column[] = []
  private capacity = 1024

  /** Number of codes seen. */
  get size(): number {
    return this.codes.length
  }

  /**
   * Registers an attribute column; its value for each code comes from `fill`.
   *
   * @param fill - computes the value for a code when first seen
   * @param float - Float64 (true) or Int32 (false) values
   * @returns the column index, for `column(index)`
   */
  register(fill: CodeFiller, float = false): number {
    const data = float ? new Float64Array(this.capacity) : new Int32Array(this.capacity)
    const column: Column = { data, fill, float }
    this.columns.push(column)
    this.codes.forEach((code, id) => {
      column.data[id] = fill(id, { code, name: this.names[id] ?? '', listType: '' })
    })
    return this.columns.length - 1
  }

  /** The current array of a column (it is replaced when the dictionary grows). */
  column(index: number): Int32Array | Float64Array {
    const c = this.columns[index]
    if (!c) throw new Error(`no dictionary column ${index}`)
    return c.data
  }

  /**
   * The id of a code, assigning a new one (and filling its attributes) when first seen.
   *
   * @param code - the code
   * @param name - its name on the line (used by name-driven knowledge such as 饮片)
   * @param listType - its `hilist_type`
   */
  id(code: string, name = '', listType = ''): number {
    const known = this.ids.get(code)
    if (known !== undefined) return known
    const id = this.codes.length
    if (id >= this.capacity) this.grow()
    this.ids.set(code, id)
    this.codes.push(code)
    this.names.push(name)
    const seen = { code, name, listType }
    for (const c of this.columns) c.data[id] = c.fill(id, seen)
    return id
  }

  /** The code of an id. */
  code(id: number): string {
    return this.codes[id] ?? ''
  }

  private grow(): void {
    this.capacity *= 2
    for (const c of this.columns) {
      const next = c.float ? new Float64Array(this.capacity) : new Int32Array(this.capacity)
      next.set(c.data)
      c.data = next
    }
  }
}
