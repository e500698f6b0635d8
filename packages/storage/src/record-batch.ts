// SPDX-License-Identifier: Apache-2.0
// The batch shape lives in the domain package, shared with the generator.
export type { RecordBatch } from '@yibao/domain'
