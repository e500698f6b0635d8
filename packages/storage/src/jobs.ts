// SPDX-License-Identifier: Apache-2.0
import type { Timestamp } from '@yibao/domain'
import type { Queryable } from './database.js'
import { newId } from './new-id.js'

/** A background job (batch audit…) and its progress. */
export interface Job {
  readonly id: string
  readonly kind: string
  readonly status: 'RUNNING' | 'DONE' | 'FAILED'
  /** 0–1. */
  readonly progress: number
  readonly message: string | null
  readonly detail: Record<string, unknown>
  readonly actor: string
  readonly startedAt: Timestamp
  readonly finishedAt: Timestamp | null
}

const SELECT_JOB = `SELECT id, kind, status, progress, message, detail, actor,
  started_at AS "startedAt", finished_at AS "finishedAt" FROM job`

/** Records a job as started. */
export async function startJob(db: Queryable, kind: string, actor: string): Promise<Job> {
  const id = newId('J')
  await db.query('INSERT INTO job (id, kind, status, actor) VALUES ($1, $2, $3, $4)', [
    id,
    kind,
    'RUNNING',
    actor,
  ])
  return (await readJob(db, id))!
}

/** Notes a job's progress (0–1) and message. */
export async function updateJob(
  db: Queryable,
  id: string,
  progress: number,
  message: string | null
): Promise<void> {
  await db.query(
    `UPDATE job SET progress = $2, message = $3 WHERE id = $1 AND status = 'RUNNING'`,
    [id, Math.max(0, Math.min(1, progress)), message]
  )
}

/** Ends a job as done or failed. */
export async function finishJob(
  db: Queryable,
  id: string,
  status: 'DONE' | 'FAILED',
  message: string,
  detail: Record<string, unknown> = {}
): Promise<void> {
  await db.query(
    `UPDATE job SET status = $2, message = $3, detail = $4::text::jsonb, finished_at = now(),
       progress = CASE WHEN $2 = 'DONE' THEN 1 ELSE progress END WHERE id = $1`,
    [id, status, message, JSON.stringify(detail)]
  )
}

/**
 * Marks jobs left RUNNING by a process that stopped (a crash or a restart) as FAILED, so that
 * nobody waits on them; they can be started again.
 */
export async function failInterruptedJobs(db: Queryable): Promise<number> {
  const rows = await db.query(
    `UPDATE job SET status = 'FAILED', message = '服务重启，任务中断，请重新发起', finished_at = now()
     WHERE status = 'RUNNING' RETURNING id`
  )
  return rows.length
}

/** One job. */
export async function readJob(db: Queryable, id: string): Promise<Job | undefined> {
  const [row] = await db.query<Record<string, unknown>>(`${SELECT_JOB} WHERE id = $1`, [id])
  return row === undefined ? undefined : toJob(row)
}

/** The latest jobs, newest first. */
export async function listJobs(db: Queryable, limit = 50): Promise<Job[]> {
  const rows = await db.query<Record<string, unknown>>(
    `${SELECT_JOB} ORDER BY started_at DESC, id LIMIT $1`,
    [limit]
  )
  return rows.map(toJob)
}

function toJob(r: Record<string, unknown>): Job {
  return { ...(r as unknown as Job), progress: Number(r['progress']) }
}
