// SPDX-License-Identifier: Apache-2.0
// 线索核查 in the console: the inspector imports a batch of two clues from a CSV file chosen in
// the page; the batch shows its count and amounts as the API answers them. One clue is assigned
// to the inspector, started and closed as confirmed with the amount recovered, and the batch's
// funnel sentence shown is the API's. Screenshots go to test-results/clues/.
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import {
  apiSession,
  confirm,
  haveBrowser,
  startConsole,
  watchPage,
  type ConsoleRun,
} from './harness.js'

const BATCH_NAME = '国家局 2025 年第 1 批疑点线索'
const CSV = [
  '机构编码,人员编号,期间,线索描述,疑似金额',
  'H43122300001,,2025-03,串换诊疗项目,1234.56',
  'H43122300002,,2025-04,虚构住院,987.65',
].join('\n')
const RECOVERED = '1000.50'

describe.skipIf(!haveBrowser)('clues in the console', () => {
  let run: ConsoleRun | undefined

  beforeAll(async () => {
    run = await startConsole('clues')
  }, 240_000)

  afterAll(async () => {
    await run?.stop()
  })

  test('import a CSV batch → assign, start, close as confirmed → the funnel sentence', async () => {
    const { page, served, screenshot, signIn } = run!
    const pageErrors = watchPage(run!)
    const api = await apiSession(served.base, 'inspector')
    const state = page.getByTestId('clue-state')

    // 1. The inspector imports the file through the page.
    await signIn('inspector')
    await page.getByRole('menuitem', { name: /线索核查/ }).click()
    await page.waitForURL((url) => url.pathname === '/clues')
    await page.getByTestId('clue-import-name').fill(BATCH_NAME)
    await page.locator('[data-testid="clue-import-file"] input[type="file"]').setInputFiles({
      name: 'sj-2025-1.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(CSV, 'utf8'),
    })
    await expect
      .poll(() => page.getByTestId('clue-import-file').textContent())
      .toContain('sj-2025-1.csv')
    await page.getByTestId('clue-import-run').click()

    // 2. The batch shows 2 clues and the amounts the API answers.
    const batchRow = page.locator('[data-testid="clue-batches"] tr.ant-table-row')
    await expect.poll(() => batchRow.count()).toBe(1)
    const batches = (await api('/api/v1/clue-batches')).items
    expect(batches).toHaveLength(1)
    const batch = batches[0]
    expect(batch.clueCount).toBe(2)
    expect(batch.suspectedAmount).toBe(123_456 + 98_765)
    expect(await batchRow.getAttribute('data-row-key')).toBe(batch.id)
    expect(await batchRow.locator('[data-field="clueCount"]').getAttribute('data-count')).toBe('2')
    expect(await batchRow.locator('[data-field="suspectedAmount"]').getAttribute('data-fen')).toBe(
      String(batch.suspectedAmount)
    )
    expect(await batchRow.locator('[data-field="suspectedAmount"]').textContent()).toBe('¥2,222.21')

    const clues = (await api(`/api/v1/clues?batch=${batch.id}`)).items as {
      id: string
      suspectedAmount: number
    }[]
    expect(clues.map((c) => c.suspectedAmount).sort((a, b) => a - b)).toEqual([98_765, 123_456])
    const clueRows = page.locator('[data-testid="clue-table"] tr.ant-table-row')
    await expect.poll(() => clueRows.count()).toBe(2)
    const shown = await clueRows.evaluateAll((trs) =>
      trs.map((tr) => ({
        id: tr.getAttribute('data-row-key'),
        fen: Number(tr.querySelector('[data-field="suspectedAmount"]')?.getAttribute('data-fen')),
      }))
    )
    expect(shown).toEqual(clues.map((c) => ({ id: c.id, fen: c.suspectedAmount })))
    await screenshot('batch')

    // 3. One clue: assign to the inspector, start, close as confirmed with the amount recovered.
    const clue = clues[0]!
    await page.getByTestId(`clue-link-${clue.id}`).click()
    await page.waitForURL((url) => url.pathname === `/clues/${clue.id}`)
    await expect.poll(() => state.getAttribute('data-state')).toBe('NEW')
    await page.getByTestId('clue-assign').click()
    await page.getByTestId('clue-assign-assignee').fill('inspector')
    await confirm(page)
    await expect.poll(() => state.getAttribute('data-state')).toBe('ASSIGNED')
    await page.getByTestId('clue-start').click()
    await expect.poll(() => state.getAttribute('data-state')).toBe('INVESTIGATING')
    await page.getByTestId('clue-close').click()
    await page.getByTestId('clue-close-CONFIRMED').click()
    await page.getByTestId('clue-close-recovered').fill(RECOVERED)
    await page.getByTestId('clue-close-note').fill('约谈后全额追回')
    await confirm(page)
    await expect.poll(() => state.getAttribute('data-state')).toBe('CLOSED')
    const closed = await api(`/api/v1/clues/${clue.id}`)
    expect(closed).toMatchObject({
      state: 'CLOSED',
      outcome: 'CONFIRMED',
      recoveredAmount: 100_050,
    })
    expect(await page.getByTestId('clue-recovered').getAttribute('data-fen')).toBe('100050')
    expect(closed.events.map((e: { action: string }) => e.action)).toEqual([
      'import',
      'assign',
      'start',
      'close',
    ])
    await expect
      .poll(() =>
        page
          .locator('[data-testid="clue-events"] [data-action]')
          .evaluateAll((els) => els.map((e) => e.getAttribute('data-action')))
      )
      .toEqual(['import', 'assign', 'start', 'close'])
    await screenshot('closed')

    // 4. Back on the list, the batch's funnel sentence is the API's.
    await page.getByRole('menuitem', { name: /线索核查/ }).click()
    await page.waitForURL((url) => url.pathname === '/clues')
    const funnel = await api('/api/v1/clues/funnel')
    const row = funnel.rows.find((r: { batchId: string | null }) => r.batchId === batch.id)
    expect(row.sentence).toBe('共接收线索 2 条，已核查 1 条，查实 1 条，追回 0.10 万元。')
    await expect
      .poll(() => batchRow.locator('[data-field="sentence"]').textContent())
      .toBe(row.sentence)
    expect(await page.getByTestId('clue-funnel-total').textContent()).toContain(
      funnel.total.sentence
    )
    expect(pageErrors).toEqual([])
  })
})
