// SPDX-License-Identifier: Apache-2.0
import { useCallback, useEffect, useRef, useState, type DependencyList } from 'react'
import { getJob, type Job } from './api'
import { showError } from './feedback'

export interface Loaded<T> {
  data: T | undefined
  loading: boolean
  error: unknown
  reload: () => void
  /** Replaces the data, e.g. with the answer of a write. */
  set: (value: T) => void
}

/**
 * Runs `load` when the dependencies change (and on `reload`), keeping only the latest answer;
 * errors are shown as a toast unless `quiet`.
 */
export function useLoader<T>(
  load: () => Promise<T>,
  deps: DependencyList,
  options: { quiet?: boolean; skip?: boolean } = {}
): Loaded<T> {
  const [data, setData] = useState<T | undefined>(undefined)
  const [loading, setLoading] = useState(!options.skip)
  const [error, setError] = useState<unknown>(undefined)
  const [tick, setTick] = useState(0)
  const loadRef = useRef(load)
  loadRef.current = load
  const quiet = options.quiet ?? false
  const skip = options.skip ?? false

  useEffect(() => {
    if (skip) {
      setLoading(false)
      return undefined
    }
    let current = true
    setLoading(true)
    loadRef.current().then(
      (value) => {
        if (!current) return
        setData(value)
        setError(undefined)
        setLoading(false)
      },
      (err: unknown) => {
        if (!current) return
        setError(err)
        setLoading(false)
        if (!quiet) showError(err)
      }
    )
    return () => {
      current = false
    }
  }, [...deps, tick, skip, quiet])

  const reload = useCallback(() => setTick((n) => n + 1), [])
  const set = useCallback((value: T) => setData(value), [])
  return { data, loading, error, reload, set }
}

/**
 * A background job followed while it runs: polled every `intervalMs` (each poll after the last
 * answer), `onEnd` called once with the job when it is done or failed. Set the job a start
 * answered (or null) with the setter.
 */
export function useJob(
  onEnd?: (job: Job) => void,
  intervalMs = 1000
): [Job | null, (job: Job | null) => void] {
  const [job, setJob] = useState<Job | null>(null)
  const onEndRef = useRef(onEnd)
  onEndRef.current = onEnd
  const running = job?.status === 'RUNNING'
  const id = job?.id
  useEffect(() => {
    if (!running || id === undefined) return undefined
    let current = true
    let timer: number | undefined
    const poll = () => {
      timer = window.setTimeout(() => {
        getJob(id).then(
          (next) => {
            if (!current) return
            setJob(next)
            if (next.status === 'RUNNING') poll()
            else onEndRef.current?.(next)
          },
          () => {
            if (current) poll()
          }
        )
      }, intervalMs)
    }
    poll()
    return () => {
      current = false
      window.clearTimeout(timer)
    }
  }, [running, id, intervalMs])
  return [job, setJob]
}

/** A write that a form starts: busy while it runs, its refusal kept to show until a success. */
export interface Attempt {
  busy: boolean
  error: unknown
  attempt: (action: () => Promise<void>) => Promise<void>
}

/** Runs writes with their busy state and keeps the last refusal (cleared by a success). */
export function useAttempt(): Attempt {
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<unknown>(undefined)
  const attempt = useCallback(async (action: () => Promise<void>) => {
    setBusy(true)
    try {
      await action()
      setError(undefined)
    } catch (err) {
      setError(err)
    } finally {
      setBusy(false)
    }
  }, [])
  return { busy, error, attempt }
}

/** A table paged by the server: the page and size asked for, and the table's pagination. */
export interface Paging {
  page: number
  pageSize: number
  setPage: (page: number) => void
  /** The table's pagination for `total` rows, `showTotal` the text of the total. */
  pagination: (
    total: number,
    showTotal: (total: number) => string
  ) => {
    current: number
    pageSize: number
    total: number
    showTotal: (total: number) => string
    onChange: (page: number, size: number) => void
  }
}

/** The page and page size of a server-paged table, starting at page 1 of `initialSize`. */
export function usePaging(initialSize = 20): Paging {
  const [page, setPage] = useState(1)
  const [pageSize, setPageSize] = useState(initialSize)
  const pagination: Paging['pagination'] = (total, showTotal) => ({
    current: page,
    pageSize,
    total,
    showTotal,
    onChange: (next, size) => {
      setPage(next)
      setPageSize(size)
    },
  })
  return { page, pageSize, setPage, pagination }
}
