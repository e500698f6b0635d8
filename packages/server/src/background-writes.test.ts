// SPDX-License-Identifier: Apache-2.0
import { describe, expect, test } from 'vitest'
import { BackgroundWrites } from './background-writes.js'

/** A writer that records each call's rows and fails on rows named `bad`. */
function recorder(): { calls: string[][]; write: (rows: readonly string[]) => Promise<void> } {
  const calls: string[][] = []
  return {
    calls,
    write: async (rows) => {
      await new Promise((resolve) => setTimeout(resolve, 1))
      calls.push([...rows])
      if (rows.includes('bad')) throw new Error(`bad rows: ${rows.join(',')}`)
    },
  }
}

describe('background writes', () => {
  test('the rows of requests arriving together are written in one call, in order', async () => {
    const { calls, write } = recorder()
    const writes = new BackgroundWrites(write, () => undefined, { delayMs: 20 })
    writes.add(['a1', 'a2'])
    writes.add([])
    writes.add(['b1'])
    expect(writes.size).toBe(3)
    await new Promise((resolve) => setTimeout(resolve, 60))
    expect(calls).toEqual([['a1', 'a2', 'b1']])
    expect(writes.size).toBe(0)
  })

  test('idle() writes what is waiting at once and resolves when it is stored', async () => {
    const { calls, write } = recorder()
    const writes = new BackgroundWrites(write, () => undefined, { delayMs: 60_000 })
    writes.add(['a'])
    await writes.idle()
    expect(calls).toEqual([['a']])
    writes.add(['b'])
    writes.add(['c'])
    await writes.idle()
    expect(calls).toEqual([['a'], ['b', 'c']])
    await writes.idle()
    expect(calls).toHaveLength(2)
  })

  test('enough rows are written without waiting; later rows wait for earlier writes', async () => {
    const { calls, write } = recorder()
    const writes = new BackgroundWrites(write, () => undefined, { delayMs: 60_000, maxRows: 3 })
    writes.add(['a', 'b'])
    writes.add(['c'])
    writes.add(['d'])
    await new Promise((resolve) => setTimeout(resolve, 20))
    expect(calls).toEqual([['a', 'b', 'c']])
    await writes.idle()
    expect(calls).toEqual([['a', 'b', 'c'], ['d']])
  })

  test("when a combined write fails, each request's rows are written alone", async () => {
    const { calls, write } = recorder()
    const errors: unknown[] = []
    const writes = new BackgroundWrites(write, (err) => errors.push(err), { delayMs: 60_000 })
    writes.add(['a'])
    writes.add(['bad', 'b'])
    writes.add(['c'])
    await writes.idle()
    expect(calls).toEqual([['a', 'bad', 'b', 'c'], ['a'], ['bad', 'b'], ['c']])
    expect(errors).toEqual([new Error('bad rows: bad,b')])
    expect(writes.size).toBe(0)
  })
})
