// SPDX-License-Identifier: Apache-2.0
import os from 'node:os'
import { Worker } from 'node:worker_threads'
import type { PersonRecords } from '@yibao/domain'
import type { Knowledge } from '@yibao/knowledge'
import type { AuditJobSetup, ChunkResult } from './audit-job.js'
import { AuditJob } from './audit-job.js'
import type { PackedRecords } from './packed-records.js'
import { packedTransferList, packRecords } from './packed-records.js'

/** Where the compiled worker script is (next to this module, or in `dist` when run from source). */
function workerUrl(): URL {
  const here = import.meta.url
  return here.endsWith('.ts')
    ? new URL('../../dist/batch/audit-worker.js', here)
    : new URL('./audit-worker.js', here)
}

interface Pending {
  resolve: (r: ChunkResult) => void
  reject: (e: Error) => void
}

/**
 * Batch audit over worker threads: each worker compiles the same rules once, chunks of persons
 * go packed (`packRecords`) to whichever worker is free, and each chunk's promise resolves with
 * its findings. With `workers: 0` the
 * chunks are audited on the calling thread (same code, same answers).
 */
export class AuditPool {
  /** The job compiled on this thread (its version is the rule-set version). */
  readonly job: AuditJob
  private readonly workers: Worker[] = []
  private readonly idle: Worker[] = []
  private readonly queue: { id: number; packed: PackedRecords }[] = []
  private readonly pending = new Map<number, Pending>()
  private nextId = 0
  private failure: Error | null = null
  private closed = false

  private constructor(job: AuditJob) {
    this.job = job
  }

  /**
   * Starts a pool.
   *
   * @param setup - the job
   * @param workers - number of worker threads (0 = audit on this thread)
   * @param knowledge - the parsed pack, if the caller has it (saves parsing on this thread)
   */
  static async start(
    setup: AuditJobSetup,
    workers: number,
    knowledge?: Knowledge
  ): Promise<AuditPool> {
    const pool = new AuditPool(new AuditJob(setup, knowledge))
    const ready: Promise<void>[] = []
    for (let n = 0; n < workers; n++) {
      // Workers run the compiled JavaScript: no inherited loader flags or source conditions.
      const w = new Worker(workerUrl(), { workerData: setup, execArgv: [] })
      pool.workers.push(w)
      ready.push(
        new Promise((resolve, reject) => {
          w.once('error', reject)
          w.once('message', () => {
            resolve()
          })
        })
      )
      w.on('message', (m: { id?: number; result?: ChunkResult; error?: string }) => {
        if (m.id === undefined) return
        const p = pool.pending.get(m.id)
        pool.pending.delete(m.id)
        if (m.error !== undefined) p?.reject(new Error(m.error))
        else if (m.result) p?.resolve(m.result)
        pool.idle.push(w)
        pool.dispatch()
      })
      const fail = (err: Error): void => {
        pool.failure = err
        for (const p of pool.pending.values()) p.reject(err)
        pool.pending.clear()
      }
      w.on('error', fail)
      // A worker that exits without an error event (killed, out of memory) fails the pool too.
      w.on('exit', (code) => {
        if (!pool.closed) fail(new Error(`审核线程意外退出（退出码 ${code}）`))
      })
    }
    await Promise.all(ready)
    pool.idle.push(...pool.workers)
    return pool
  }

  /**
   * Worker threads worth starting here: one core stays with the thread that reads storage and
   * packs the chunks, one with the system; on two cores that leaves none, and auditing on the
   * reading thread is faster than handing the records over (measured: packing and unpacking a
   * chunk costs more than auditing it).
   */
  static defaultWorkers(): number {
    return Math.max(0, Math.min(8, os.availableParallelism() - 2))
  }

  /** Number of worker threads (0 = inline). */
  get size(): number {
    return this.workers.length
  }

  /** Audits one chunk; resolves when its findings are back. */
  run(records: PersonRecords): Promise<ChunkResult> {
    if (this.closed) return Promise.reject(new Error('审核线程池已关闭'))
    if (this.failure) return Promise.reject(this.failure)
    if (this.workers.length === 0) {
      try {
        return Promise.resolve(this.job.run(records))
      } catch (err) {
        return Promise.reject(err instanceof Error ? err : new Error(String(err)))
      }
    }
    const id = this.nextId++
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject })
      this.queue.push({ id, packed: packRecords(records) })
      this.dispatch()
    })
  }

  /** Stops the workers; later `run` calls are refused. */
  async close(): Promise<void> {
    this.closed = true
    await Promise.all(this.workers.map((w) => w.terminate()))
  }

  private dispatch(): void {
    while (this.idle.length > 0 && this.queue.length > 0) {
      const w = this.idle.pop()!
      const message = this.queue.shift()!
      w.postMessage(message, packedTransferList(message.packed))
    }
  }
}
