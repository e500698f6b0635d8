// SPDX-License-Identifier: Apache-2.0
// 协议与黑名单 in the console: the fund manager signs an agreement, terminates it for violations and
// sees the three-year re-application bar; a new agreement within the bar is refused naming its
// date. The inspector draws a 双随机 inspection with seed 42 and records an on-site result with
// issues for its first object: the publication deadline shown is the API's. Screenshots go to
// test-results/agreements/.
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { apiSession, haveBrowser, startConsole, watchPage, type ConsoleRun } from './harness.js'

const INSTITUTION = 'H43122300001'

describe.skipIf(!haveBrowser)('agreements in the console', () => {
  let run: ConsoleRun | undefined

  beforeAll(async () => {
    run = await startConsole('agreements')
  }, 240_000)

  afterAll(async () => {
    await run?.stop()
  })

  test('sign → terminate for violations → 解除 until 2028-06-15 → a new one is refused', async () => {
    const { page, served, screenshot, signIn } = run!
    const pageErrors = watchPage(run!)
    const api = await apiSession(served.base, 'fund_manager')

    // 1. The fund manager signs an agreement of 2024-01-01.
    await signIn('fund_manager')
    await page.getByRole('menuitem', { name: /协议与黑名单/ }).click()
    await page.waitForURL((url) => url.pathname === '/agreements')
    await page.getByTestId('agreement-institution').fill(INSTITUTION)
    await page.getByTestId('agreement-signed-on').fill('2024-01-01')
    await page.getByTestId('agreement-sign').click()
    await expect
      .poll(async () => (await api(`/api/v1/agreements?institution=${INSTITUTION}`)).items.length)
      .toBe(1)
    const signed = (await api(`/api/v1/agreements?institution=${INSTITUTION}`)).items[0]
    expect(signed).toMatchObject({ signedOn: '2024-01-01', status: 'ACTIVE' })
    const row = page.locator(`[data-testid="agreement-table"] tr[data-row-key="${signed.id}"]`)
    await expect.poll(() => row.locator('[data-field="status"]').textContent()).toBe('履行中')

    // 2. Terminated on 2025-06-15 for violations: 解除, no new agreement before 2028-06-15.
    await page.getByTestId(`agreement-terminate-${signed.id}`).click()
    const dialog = page.getByRole('dialog')
    await expect.poll(() => dialog.getAttribute('class')).not.toContain('zoom')
    await page.getByTestId('agreement-action-date').fill('2025-06-15')
    await dialog.locator('.ant-radio-wrapper', { hasText: '违规解除' }).click()
    await page.getByTestId('agreement-action-reason').fill('查实串换药品')
    await dialog.locator('.ant-modal-footer .ant-btn-primary').click()
    await dialog.waitFor({ state: 'hidden' })
    await expect.poll(() => row.locator('[data-field="status"]').textContent()).toBe('解除')
    expect(await row.locator('[data-field="reapply"]').textContent()).toBe('2028-06-15')
    const terminated = (await api(`/api/v1/agreements?institution=${INSTITUTION}`)).items[0]
    expect(terminated).toMatchObject({ status: 'TERMINATED', reapplyNotBefore: '2028-06-15' })
    await screenshot('terminated')

    // 3. A new agreement of 2027-01-01 is refused, naming the bar's date.
    await page.getByTestId('agreement-signed-on').fill('2027-01-01')
    await page.getByTestId('agreement-sign').click()
    const issues = page.getByTestId('agreement-sign-issues')
    await expect.poll(() => issues.textContent()).toContain('2028-06-15')
    expect((await api(`/api/v1/agreements?institution=${INSTITUTION}`)).items).toHaveLength(1)
    await screenshot('refused')
    expect(pageErrors).toEqual([])
  })
  test(
    'draw with seed 42 → record an on-site result with issues → the publication deadline',
    { timeout: 120_000 },
    async () => {
      const { page, served, screenshot, signIn, signOut } = run!
      await signOut()
      await signIn('inspector')
      const api = await apiSession(served.base, 'inspector')
      await page.getByRole('menuitem', { name: /双随机抽查/ }).click()
      await page.waitForURL((url) => url.pathname === '/inspections')
      await page.getByTestId('draw-seed-input').fill('42')
      await page.getByTestId('draw-run').click()
      const result = page.getByTestId('draw-result')
      await result.waitFor({ timeout: 60_000 })
      const drawId = (await result.getAttribute('data-draw-id'))!
      expect(drawId).toBeTruthy()
      const first = page.locator('[data-testid="draw-objects"] tr.ant-table-row').first()
      const code = (await first.getAttribute('data-row-key'))!

      await page.getByTestId(`result-record-${code}`).click()
      const dialog = page.getByRole('dialog')
      await expect.poll(() => dialog.getAttribute('class')).not.toContain('zoom')
      await dialog.locator('[data-testid="result-kind"] .ant-radio-wrapper').nth(1).click()
      await page.getByTestId('result-inspected-on').fill('2025-03-03')
      await dialog.locator('[data-testid="result-outcome"] .ant-radio-wrapper').nth(1).click()
      await page.getByTestId('result-summary').fill('超标准收费')
      await page.getByTestId('result-amount').fill('1234.5')
      await page.getByTestId('result-rectify-by').fill('2025-04-30')
      await dialog.locator('.ant-modal-footer .ant-btn-primary').click()
      await dialog.waitFor({ state: 'hidden' })

      const row = page.locator(`[data-testid="draw-objects"] tr[data-row-key="${code}"]`)
      const publishBy = row.locator('[data-field="publishBy"]')
      await expect.poll(() => publishBy.count()).toBe(1)
      const items = (await api(`/api/v1/inspection-results?draw=${encodeURIComponent(drawId)}`))
        .items as { institutionCode: string; publishBy: string; kind: string; amount: number }[]
      const recorded = items.find((r) => r.institutionCode === code)!
      expect(recorded).toMatchObject({ kind: 'ONSITE', amount: 123450 })
      expect(await publishBy.textContent()).toBe(recorded.publishBy)
      expect(await row.locator('[data-field="outcome"]').getAttribute('data-outcome')).toBe(
        'ISSUES'
      )
      expect(await row.locator('[data-field="rectifyBy"]').textContent()).toBe('2025-04-30')
      await screenshot('inspection-result')
    }
  )
})
