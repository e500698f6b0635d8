// SPDX-License-Identifier: Apache-2.0
// 随机抽查回访 in the console: the inspector draws a call list for the first half of the demo year
// with a fixed seed; the persons shown are the API's. One call answered "未接受诊疗" shows the
// mismatch and links the clue registered for it. The 2025 assessments scored through the page
// show the API's first row, and the fund manager's subsidy report its totals. Screenshots go to
// test-results/callbacks/.
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { apiSession, haveBrowser, startConsole, watchPage, type ConsoleRun } from './harness.js'

describe.skipIf(!haveBrowser)('call-backs in the console', () => {
  let run: ConsoleRun | undefined

  beforeAll(async () => {
    run = await startConsole('callbacks')
  }, 240_000)

  afterAll(async () => {
    await run?.stop()
  })

  test('draw a call list → the API persons → a "not received" answer makes a clue', async () => {
    const { page, served, screenshot, signIn } = run!
    const pageErrors = watchPage(run!)
    const api = await apiSession(served.base, 'inspector')

    // 1. The inspector draws 10 persons of 2025-01-01 to 2025-06-30 with seed 7.
    await signIn('inspector')
    await page.getByRole('menuitem', { name: /随机抽查回访/ }).click()
    await page.waitForURL((url) => url.pathname === '/callbacks')
    await page.getByTestId('callback-from').fill('2025-01-01')
    await page.getByTestId('callback-to').fill('2025-06-30')
    await page.getByTestId('callback-size').fill('10')
    await page.getByTestId('callback-seed').fill('7')
    await page.getByTestId('callback-draw-run').click()
    await page.waitForURL((url) => /^\/callbacks\/[^/]+$/.test(url.pathname))
    const id = decodeURIComponent(new URL(page.url()).pathname.split('/')[2]!)

    // 2. The persons shown are those of the API, in order.
    const list = await api(`/api/v1/callback-draws/${encodeURIComponent(id)}`)
    expect(list.seed).toBe(7)
    expect(list.items.length).toBeGreaterThan(0)
    const rows = page.locator('[data-testid="callback-items"] tr.ant-table-row')
    await expect.poll(() => rows.count(), { timeout: 20_000 }).toBe(list.items.length)
    const shown = await rows.evaluateAll((trs) =>
      trs.map((tr) => ({
        seq: Number(tr.getAttribute('data-row-key')),
        psnNo: tr.querySelector('[data-field="psnNo"]')?.textContent,
        total: Number(tr.querySelector('[data-field="total"]')?.getAttribute('data-fen')),
      }))
    )
    expect(shown).toEqual(
      list.items.map((i: { seq: number; psnNo: string; records: { total: number } }) => ({
        seq: i.seq,
        psnNo: i.psnNo,
        total: i.records.total,
      }))
    )
    await screenshot('list')

    // 3. The first person says they did not receive the care: a mismatch with its clue.
    const seq = list.items[0].seq as number
    await page.getByTestId(`callback-answer-${seq}`).click()
    const dialog = page.getByRole('dialog')
    await expect.poll(() => dialog.getAttribute('class')).not.toContain('zoom')
    await dialog.locator('[data-testid="callback-received"] .ant-radio-wrapper').nth(1).click()
    await page.getByTestId('callback-note').fill('本人称未在该机构就诊')
    await dialog.locator('.ant-modal-footer .ant-btn-primary').click()
    await dialog.waitFor({ state: 'hidden' })
    const result = page.getByTestId(`callback-result-${seq}`)
    await expect
      .poll(() => result.getAttribute('data-result'), { timeout: 20_000 })
      .toBe('mismatch')
    expect(await result.locator('[data-field="reason"]').count()).toBeGreaterThan(0)
    const link = page.getByTestId(`callback-clue-${seq}`)
    const clueId = await link.getAttribute('data-clue')
    expect(clueId).toBeTruthy()
    const clues = (await api('/api/v1/clues?source=CALLBACK')).items as { id: string }[]
    expect(clues.map((c) => c.id)).toContain(clueId)
    const answered = await api(`/api/v1/callback-draws/${encodeURIComponent(id)}`)
    expect(answered.items[0].answer).toMatchObject({ received: false, mismatch: true, clueId })
    expect(await page.getByTestId('callback-counts').textContent()).toContain('不符 1 人')
    await screenshot('answered')

    await link.click()
    await page.waitForURL((url) => url.pathname === `/clues/${clueId}`)
    await expect.poll(() => page.getByTestId('clue-title').textContent()).toContain(clueId!)
    expect(pageErrors).toEqual([])
  })

  test(
    "score the 2025 assessments → the first row is the API's",
    { timeout: 120_000 },
    async () => {
      const { page, served, screenshot } = run!
      const api = await apiSession(served.base, 'inspector')
      await page.getByRole('menuitem', { name: /考核与信用/ }).click()
      await page.waitForURL((url) => url.pathname === '/assessments')
      await page.getByTestId('assessment-period').fill('2025')
      await page.getByTestId('assessment-run').click()
      const rows = page.locator('[data-testid="assessment-table"] tr.ant-table-row')
      await expect.poll(() => rows.count(), { timeout: 60_000 }).toBeGreaterThan(0)
      const items = (await api('/api/v1/assessments?period=2025')).items as {
        institutionCode: string
        score: number
        creditLevel: string
        items: unknown[]
      }[]
      await expect.poll(() => rows.count()).toBe(Math.min(items.length, 20))
      const first = rows.first()
      expect(await first.getAttribute('data-row-key')).toBe(items[0]!.institutionCode)
      expect(Number(await first.locator('[data-field="score"]').getAttribute('data-score'))).toBe(
        items[0]!.score
      )
      expect(await first.locator('[data-field="credit"]').getAttribute('data-credit')).toBe(
        items[0]!.creditLevel
      )
      await page.getByTestId(`assessment-open-${items[0]!.institutionCode}`).click()
      const breakdown = page.locator('[data-testid="assessment-items"] tr.ant-table-row')
      await expect.poll(() => breakdown.count()).toBe(items[0]!.items.length)
      await screenshot('assessments')
      await page.keyboard.press('Escape')
      await page.locator('.ant-drawer-content').waitFor({ state: 'hidden' })
    }
  )

  test('the subsidy report of the fund manager shows the API totals', async () => {
    const { page, served, signIn, signOut } = run!
    await signOut()
    await signIn('fund_manager')
    const api = await apiSession(served.base, 'fund_manager')
    await page.getByRole('menuitem', { name: /资助参保/ }).click()
    await page.waitForURL((url) => url.pathname === '/subsidy')
    await page.getByTestId('subsidy-year').fill('2025')
    await page.getByTestId('subsidy-search').click()
    const report = await api('/api/v1/subsidy-report?year=2025')
    await expect
      .poll(() => page.getByTestId('subsidy-total').getAttribute('data-fen'))
      .toBe(String(report.totals.amount))
    expect(await page.locator('[data-testid="subsidy-review"] tr.ant-table-row').count()).toBe(
      Math.min(report.review.length, 20)
    )
  })
})
