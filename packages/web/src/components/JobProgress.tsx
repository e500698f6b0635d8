// SPDX-License-Identifier: Apache-2.0
// A running background job: its progress bar and its latest message.
import { Progress, Typography } from 'antd'
import type { Job } from '../api'

/** The job's progress as a percentage with one decimal. */
export function jobPercent(job: Pick<Job, 'progress'>): number {
  return Math.round(Math.min(1, Math.max(0, job.progress)) * 1000) / 10
}

/** The progress bar and message of a running job. */
export function JobProgress({ job, testId }: { job: Job; testId?: string }) {
  return (
    <div data-testid={testId}>
      <Progress percent={jobPercent(job)} status="active" />
      {job.message && <Typography.Text type="secondary">{job.message}</Typography.Text>}
    </div>
  )
}
