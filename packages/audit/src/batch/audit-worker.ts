// SPDX-License-Identifier: Apache-2.0
import { parentPort, workerData } from 'node:worker_threads'
import type { AuditJobSetup } from './audit-job.js'
import { AuditJob } from './audit-job.js'
import type { PackedRecords } from './packed-records.js'
import { unpackRecords } from './packed-records.js'

// A batch-audit worker: compiles the job once, then audits the chunks it is sent.
const job = new AuditJob(workerData as AuditJobSetup)
parentPort?.on('message', (message: { id: number; packed: PackedRecords }) => {
  try {
    parentPort?.postMessage({ id: message.id, result: job.run(unpackRecords(message.packed)) })
  } catch (err) {
    parentPort?.postMessage({
      id: message.id,
      error: err instanceof Error ? err.stack : String(err),
    })
  }
})
parentPort?.postMessage({ ready: true })
