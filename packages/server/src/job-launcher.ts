// SPDX-License-Identifier: Apache-2.0
import type { FastifyRequest } from 'fastify'
import { conflict, OutcomeError } from '@yibao/domain'
import type { Database, Job } from '@yibao/storage'
import { appendAuditLog, finishJob, startJob, updateJob } from '@yibao/storage'
import { viewerOf } from './session-auth.js'

/** What a background job's work reports when it ends. */
export interface JobOutcome {
  readonly message: string
  readonly detail: Record<string, unknown>
}

/**
 * Starts background jobs, one of each kind at a time, and waits for them when the server
 * closes. A job is recorded (and its start in the audit log), its progress written at most
 * twice a second, and it ends DONE with its detail or FAILED with the error.
 */
export class JobLauncher {
  private readonly busy = new Set<string>()
  private readonly tasks = new Set<Promise<void>>()

  constructor(private readonly db: Database) {}

  /**
   * Starts a job of `kind` unless one runs already (409).
   *
   * @param unit - what progress counts, e.g. 人
   */
  async launch(
    request: FastifyRequest,
    kind: string,
    label: string,
    audit: { action: string; detail: Record<string, unknown> },
    work: (onProgress: (done: number, total: number, step?: string) => void) => Promise<JobOutcome>,
    unit = '人'
  ): Promise<Job> {
    const viewer = viewerOf(request)
    if (this.busy.has(kind)) throw new OutcomeError(conflict(`已有${label}在运行，请稍后再试`))
    this.busy.add(kind)
    let job: Job
    try {
      job = await startJob(this.db, kind, viewer.actor)
      await appendAuditLog(this.db, {
        actor: viewer.actor,
        action: audit.action,
        target: job.id,
        detail: audit.detail,
      })
    } catch (err) {
      this.busy.delete(kind)
      throw err
    }
    let last = 0
    const onProgress = (done: number, total: number, step?: string): void => {
      const now = Date.now()
      if (now - last < 500 && done < total) return
      last = now
      void updateJob(
        this.db,
        job.id,
        total === 0 ? 1 : done / total,
        `${label}：${step === undefined ? '' : `${step}，`}${done} / ${total} ${unit}`
      )
    }
    const task: Promise<void> = work(onProgress)
      .then(({ message, detail }) => finishJob(this.db, job.id, 'DONE', message, detail))
      .catch(async (err: unknown) => {
        request.log.error({ err }, `${label}失败`)
        const message =
          err instanceof OutcomeError
            ? err.outcome.issues.map((i) => i.message).join('；')
            : err instanceof Error
              ? err.message
              : String(err)
        await finishJob(this.db, job.id, 'FAILED', message)
      })
      .catch((err: unknown) => {
        request.log.error({ err }, `记录${label}结果失败`)
      })
      .finally(() => {
        this.busy.delete(kind)
        this.tasks.delete(task)
      })
    this.tasks.add(task)
    return job
  }

  /** Waits for the running jobs. */
  async settle(): Promise<void> {
    await Promise.all([...this.tasks])
  }
}
