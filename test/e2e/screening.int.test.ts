// SPDX-License-Identifier: Apache-2.0
// 大数据筛查 in the console: the inspector starts a run from the page and follows it to the end;
// the hits and suspected amount shown per model (and precision and recall against the demo
// region's truth) are the API's latest run. The companion pattern (结伴就医) lists the API's hits,
// its cluster opens as a drawn graph with the API's persons and encounters, and an encounter's
// drill-down shows the API's fee lines. 机构风险 ranks institutions and doctors as the API does,
// with the indicators behind a score; 风险排序队列 shows the API's ranking and totals, and schedules
// them again at another capacity. Screenshots go to test-results/screening/.
import fs from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import {
  apiSession,
  haveBrowser,
  rowKeys,
  startConsole,
  tableRows,
  watchPage,
  type ConsoleRun,
} from './harness.js'

interface Counts {
  hits: number
  amount: number
}

/** Fen as the console shows yuan: 123456 → `¥1,234.56`. */
const yuan = (fen: number): string =>
  `¥${(fen / 100).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`

describe.skipIf(!haveBrowser)('big-data screening in the console', () => {
  let run: ConsoleRun | undefined

  beforeAll(async () => {
    run = await startConsole('screening')
  }, 240_000)

  afterAll(async () => {
    await run?.stop()
  })

  test('run → counts per model → cluster graph → encounter → risks → review queue', async () => {
    const { page, served, shots, signIn } = run!
    const pageErrors = watchPage(run!)
    // Numbered screenshots: the whole page, or what is in view while a modal or drawer is open.
    let shot = 0
    const screenshot = async (label: string, fullPage = true): Promise<void> => {
      shot += 1
      const file = path.join(shots, `${String(shot).padStart(2, '0')}-${label}.png`)
      await page.screenshot({ path: file, fullPage })
      expect(fs.statSync(file).size).toBeGreaterThan(10_000)
    }
    const api = await apiSession(served.base, 'inspector')
    const rowsOf = (testId: string) => tableRows(page, testId)
    const keysOf = (testId: string) => rowKeys(rowsOf(testId))
    const fieldOf = (testId: string, field: string, attribute: string) =>
      rowsOf(testId).evaluateAll(
        (trs, [f, a]) =>
          trs.map((tr) => tr.querySelector(`[data-field="${f}"]`)?.getAttribute(a!) ?? null),
        [field, attribute]
      )
    const textsOf = (testId: string, field: string) =>
      rowsOf(testId).evaluateAll(
        (trs, f) => trs.map((tr) => tr.querySelector(`[data-field="${f}"]`)?.textContent ?? null),
        field
      )

    // 1. The page before any run, then a run started there and followed to its end.
    const before = (await api('/api/v1/screening/runs')).items as { id: string; state: string }[]
    await signIn('inspector')
    await page.getByRole('menuitem', { name: /大数据筛查/ }).click()
    await page.waitForURL((url) => url.pathname === '/screening')
    if (!before.some((r) => r.state === 'DONE')) await page.getByTestId('screening-empty').waitFor()
    await page.getByTestId('screening-run').click()
    const job = page.getByTestId('screening-job')
    await expect
      .poll(() => job.getAttribute('data-status'), { timeout: 180_000, interval: 500 })
      .toBe('DONE')
    const latest = await api('/api/v1/screening/runs/latest')
    expect(latest.state).toBe('DONE')
    expect(before.map((r) => r.id)).not.toContain(latest.id)
    const jobs = (await api('/api/v1/jobs')).items as {
      kind: string
      status: string
      detail?: { runId?: string }
    }[]
    expect(jobs.find((j) => j.kind === 'screening' && j.detail?.runId === latest.id)?.status).toBe(
      'DONE'
    )
    const summary = page.getByTestId('screening-summary')
    await expect.poll(() => summary.getAttribute('data-run-id')).toBe(latest.id)

    // 2. Hits and suspected amount per model are the API's, as are precision and recall.
    const counts = latest.summary.patterns as Record<string, Counts>
    const codes = Object.keys(counts)
    expect(codes.length).toBeGreaterThan(0)
    await expect.poll(() => keysOf('screening-patterns').then((k) => k.length)).toBe(codes.length)
    const keys = (await keysOf('screening-patterns')) as string[]
    const hitsShown = await fieldOf('screening-patterns', 'hits', 'data-count')
    const fenShown = await fieldOf('screening-patterns', 'amount', 'data-fen')
    const shown = Object.fromEntries(
      keys.map((code, i) => [code, { hits: Number(hitsShown[i]), amount: Number(fenShown[i]) }])
    )
    expect(shown).toEqual(counts)
    expect(await textsOf('screening-patterns', 'hits')).toEqual(
      keys.map((code) => String(counts[code]!.hits))
    )
    expect(await textsOf('screening-patterns', 'amount')).toEqual(
      keys.map((code) => yuan(counts[code]!.amount))
    )
    const total = Object.values(counts).reduce((n, c) => n + c.hits, 0)
    expect(await page.getByTestId('screening-hits-total').getAttribute('data-count')).toBe(
      String(total)
    )
    const evaluation = await api(`/api/v1/screening/runs/${latest.id}/evaluation`)
    const truth = (evaluation.patterns as { truth: number }[]).some((p) => p.truth > 0)
    await expect
      .poll(() => page.getByTestId('screening-patterns').getAttribute('data-truth'))
      .toBe(String(truth))
    if (truth) {
      const byCode = new Map(
        (evaluation.patterns as { pattern: string; precision: number | null }[]).map((p) => [
          p.pattern,
          p.precision,
        ])
      )
      expect(await fieldOf('screening-patterns', 'precision', 'data-value')).toEqual(
        keys.map((code) => String(byCode.get(code) ?? ''))
      )
    }
    await screenshot('run')

    // 3. The companion pattern lists the API's hits, largest amount first.
    const patterns = (await api('/api/v1/screening/patterns')).patterns as {
      code: string
      name: string
    }[]
    const companion = patterns.find((p) => p.name.includes('结伴就医'))
    expect(companion).toBeDefined()
    const code = companion!.code
    expect(counts[code]!.hits).toBeGreaterThan(0)
    await page.getByTestId(`pattern-open-${code}`).click()
    const hits = await api(`/api/v1/screening/runs/${latest.id}/hits?pattern=${code}&pageSize=10`)
    expect(hits.total).toBe(counts[code]!.hits)
    await expect
      .poll(() => page.getByTestId('hits-table').getAttribute('data-total'))
      .toBe(String(hits.total))
    await expect
      .poll(() => keysOf('hits-table'))
      .toEqual(hits.items.map((h: { seq: number }) => String(h.seq)))
    expect(await textsOf('hits-table', 'summary')).toEqual(
      hits.items.map((h: { explanation: { summary: string } }) => h.explanation.summary)
    )
    expect(await fieldOf('hits-table', 'amount', 'data-fen')).toEqual(
      hits.items.map((h: { amount: number }) => String(h.amount))
    )
    // Each hit links to the clue it raised in 线索核查.
    const clued = hits.items[0] as { seq: number; clueId: string | null }
    expect(clued.clueId).not.toBeNull()
    expect(await page.getByTestId(`hit-clue-${clued.seq}`).getAttribute('href')).toBe(
      `/clues/${clued.clueId}`
    )
    await screenshot('companion-hits')

    // 4. Its cluster: a drawn graph, the API's persons, co-visits and encounters.
    const hit = hits.items.find((h: { clusterId: string | null }) => h.clusterId !== null)
    expect(hit).toBeDefined()
    const cluster = await api(
      `/api/v1/screening/runs/${latest.id}/clusters/${encodeURIComponent(hit.clusterId)}`
    )
    await page.getByTestId(`hit-cluster-${hit.seq}`).click()
    const view = page.getByTestId('cluster-view')
    await expect.poll(() => view.getAttribute('data-cluster-id')).toBe(cluster.id)
    const canvas = page.locator('[data-testid="cluster-graph"] canvas').first()
    await canvas.waitFor()
    // Once the dialog has finished opening, the graph has its full width.
    await expect.poll(async () => (await canvas.boundingBox())?.width ?? 0).toBeGreaterThan(300)
    // The flagged persons are drawn as red nodes: the canvas holds red pixels once laid out.
    await expect
      .poll(() =>
        canvas.evaluate((el) => {
          const c = el as unknown as {
            width: number
            height: number
            getContext(kind: '2d'): {
              getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray }
            }
          }
          const data = c.getContext('2d').getImageData(0, 0, c.width, c.height).data
          let red = 0
          for (let i = 0; i < data.length; i += 4) {
            if (data[i]! > 180 && data[i + 1]! < 60 && data[i + 2]! < 80) red += 1
          }
          return red
        })
      )
      .toBeGreaterThan(100)
    expect(
      await page
        .locator('[data-testid="cluster-persons"] [data-psn]')
        .evaluateAll((els) => els.map((e) => e.getAttribute('data-psn')))
    ).toEqual(cluster.persons)
    expect(await rowsOf('cluster-edges').count()).toBe(cluster.edges.length)
    const encounters = [
      ...new Set((cluster.edges as { encounters: string[] }[]).flatMap((e) => e.encounters)),
    ].sort()
    expect(encounters.length).toBeGreaterThan(0)
    expect(
      await page
        .locator('[data-testid="cluster-encounters"] [data-mdtrt-id]')
        .evaluateAll((els) => els.map((e) => e.getAttribute('data-mdtrt-id')))
    ).toEqual(encounters)
    await expect.poll(() => page.getByRole('dialog').getAttribute('class')).not.toContain('zoom')
    await screenshot('cluster', false)

    // 5. An encounter's drill-down: the API's diagnoses and fee lines.
    const mdtrtId = encounters[0]!
    const records = await api(`/api/v1/screening/encounters/${encodeURIComponent(mdtrtId)}`)
    await page.getByTestId(`cluster-encounter-${mdtrtId}`).click()
    const encounter = page.getByTestId('encounter-view')
    await expect.poll(() => encounter.getAttribute('data-mdtrt-id')).toBe(mdtrtId)
    const fees = page.getByTestId('encounter-fee-lines')
    expect(await fees.getAttribute('data-count')).toBe(String(records.feeLines.length))
    const firstPage = (records.feeLines as { code: string; amount: number }[]).slice(0, 20)
    expect(await textsOf('encounter-fee-lines', 'code')).toEqual(firstPage.map((l) => l.code))
    expect(await fieldOf('encounter-fee-lines', 'amount', 'data-fen')).toEqual(
      firstPage.map((l) => String(l.amount))
    )
    expect(await rowsOf('encounter-diagnoses').count()).toBe(records.diagnoses.length)
    await expect
      .poll(() => page.locator('.ant-drawer-content-wrapper').getAttribute('class'))
      .not.toContain('motion')
    await screenshot('encounter', false)
    await page.locator('.ant-drawer-close').click()
    await encounter.waitFor({ state: 'detached' })
    await page.locator('.ant-modal-close').click()
    await view.waitFor({ state: 'detached' })

    // 6. 机构风险: institutions ranked as the API ranks them, the indicators behind the first.
    await page.getByRole('menuitem', { name: /机构风险/ }).click()
    await page.waitForURL((url) => url.pathname === '/screening/institutions')
    const risks = await api(`/api/v1/screening/runs/latest/risks?subject=INSTITUTION&pageSize=20`)
    expect(risks.items.length).toBeGreaterThan(0)
    await expect
      .poll(() => keysOf('risk-table-INSTITUTION'))
      .toEqual(risks.items.map((r: { subjectId: string }) => r.subjectId))
    expect(await fieldOf('risk-table-INSTITUTION', 'score', 'data-score')).toEqual(
      risks.items.map((r: { score: number }) => String(r.score))
    )
    const top = risks.items[0]
    expect(
      Number(
        await rowsOf('risk-table-INSTITUTION').first().locator('[data-field="score"]').textContent()
      )
    ).toBe(top.score)
    expect(await page.getByTestId('risk-table-INSTITUTION').getAttribute('data-total')).toBe(
      String(risks.total)
    )
    await rowsOf('risk-table-INSTITUTION').first().locator('.ant-table-row-expand-icon').click()
    const indicators = `risk-indicators-${top.subjectId}`
    await expect.poll(() => rowsOf(indicators).count()).toBe(top.indicators.length)
    const highest = [...top.indicators].sort((a: { z: number }, b: { z: number }) => b.z - a.z)[0]
    if (highest) {
      expect((await keysOf(indicators))[0]).toBe(highest.name)
      expect((await fieldOf(indicators, 'peerMedian', 'data-value'))[0]).toBe(
        String(highest.peerMedian)
      )
      expect((await fieldOf(indicators, 'z', 'data-value'))[0]).toBe(String(highest.z))
    }
    await screenshot('risks')
    const doctors = await api(`/api/v1/screening/runs/latest/risks?subject=DOCTOR&pageSize=20`)
    await page.getByTestId('risk-tab-DOCTOR').click()
    await expect
      .poll(() => keysOf('risk-table-DOCTOR'))
      .toEqual(doctors.items.map((r: { subjectId: string }) => r.subjectId))

    // 7. 风险排序队列: the API's ranking and totals, scheduled again at another capacity.
    await page.getByRole('menuitem', { name: /风险排序队列/ }).click()
    await page.waitForURL((url) => url.pathname === '/screening/queue')
    const queue = await api('/api/v1/screening/queue?capacity=40&pageSize=20')
    expect(queue.runId).toBe(latest.id)
    expect(queue.items.length).toBeGreaterThan(0)
    await expect
      .poll(() => keysOf('queue-table'))
      .toEqual(queue.items.map((i: { id: string }) => i.id))
    const first = queue.items[0]
    const firstRow = rowsOf('queue-table').first()
    expect(await firstRow.locator('[data-field="label"]').textContent()).toBe(first.label)
    expect(await firstRow.locator('[data-field="expected"]').getAttribute('data-fen')).toBe(
      String(first.expected)
    )
    expect(await firstRow.locator('[data-field="expected"]').textContent()).toBe(
      yuan(first.expected)
    )
    expect(await firstRow.locator('[data-method]').getAttribute('data-method')).toBe(first.method)
    expect(await page.getByTestId('queue-total').getAttribute('data-count')).toBe(
      String(queue.total)
    )
    expect(await page.getByTestId('queue-expected').getAttribute('data-fen')).toBe(
      String(queue.expectedTotal)
    )
    expect(await page.getByTestId('queue-days').getAttribute('data-count')).toBe(String(queue.days))
    const finding = queue.items.find((i: { kind: string }) => i.kind === 'FINDING')
    if (finding) {
      expect(await page.getByTestId(`queue-finding-${finding.id}`).getAttribute('href')).toBe(
        `/findings/${encodeURIComponent(finding.id)}`
      )
    }
    await screenshot('queue')

    const capacity = 7
    const slower = await api(`/api/v1/screening/queue?capacity=${capacity}&pageSize=20`)
    await page.getByTestId('queue-capacity').fill(String(capacity))
    await page.getByTestId('queue-apply').click()
    await expect
      .poll(() => page.getByTestId('queue-table').getAttribute('data-capacity'))
      .toBe(String(capacity))
    expect(await page.getByTestId('queue-days').getAttribute('data-count')).toBe(
      String(slower.days)
    )
    expect(await fieldOf('queue-table', 'day', 'data-count')).toEqual(
      slower.items.map((i: { day: number }) => String(i.day))
    )
    expect(pageErrors).toEqual([])
  })
})
