// SPDX-License-Identifier: Apache-2.0
// Paying institutions in the console, on the demo region (whose 2025 payment plan the demo build
// activates): the fund manager generates the statements of March 2025, the reconciliation agrees
// everywhere, a DIP hospital's statement shows its stays with their points, and the annual
// clearing of 431223 keeps its identity; the hospital's own user sees only its own statements.
// Every figure checked against what the API answers. Screenshots go to test-results/payment/.
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

const MONTH = '2025-03'
const ADMDVS = '431223'
const DIP_HOSPITAL = 'H43122300001'

/** Fen as the console shows yuan: 123456 → `¥1,234.56`, -5 → `-¥0.05`. */
function yuan(fen: number): string {
  const abs = Math.abs(fen)
  const whole = Math.floor(abs / 100).toLocaleString('en-US')
  return `${fen < 0 ? '-' : ''}¥${whole}.${String(abs % 100).padStart(2, '0')}`
}

describe.skipIf(!haveBrowser)('payment in the console', () => {
  let run: ConsoleRun | undefined

  beforeAll(async () => {
    run = await startConsole('payment')
  }, 240_000)

  afterAll(async () => {
    await run?.stop()
  })

  test('monthly statements → a DIP statement → the annual clearing → an institution’s own', async () => {
    const { page, served, screenshot, signIn, signOut } = run!
    watchPage(run!)
    const fundApi = await apiSession(served.base, 'fund_manager')
    const keysOf = (testId: string) => rowKeys(tableRows(page, testId))

    // 1. The fund manager generates the statements of the month.
    await signIn('fund_manager')
    await page.getByRole('menuitem', { name: /月度拨付/ }).click()
    await page.waitForURL((url) => url.pathname === '/payment')
    const month = page.getByTestId('run-month')
    await month.click()
    await month.fill(MONTH)
    await month.press('Tab')
    await expect.poll(() => month.inputValue()).toBe(MONTH)
    await page.getByTestId('run-start').click()
    await page.getByTestId('run-result').waitFor({ timeout: 120_000 })
    expect(await page.getByTestId('run-result').textContent()).toContain(`${MONTH} 拨付单`)

    // Every reconciliation check agrees.
    const checks = page.locator('[data-testid="run-reconciliation"] [data-ok]')
    const oks = await checks.evaluateAll((els) => els.map((e) => e.getAttribute('data-ok')))
    expect(oks.length).toBeGreaterThanOrEqual(4)
    expect(oks.every((ok) => ok === 'true')).toBe(true)
    const marks = await checks.allTextContents()
    expect(marks.every((mark) => mark === '✓')).toBe(true)

    // The run's figures are the statements the API lists, and so is the table.
    const listed = (await fundApi(`/api/v1/payment/statements?month=${MONTH}`)).items as {
      id: string
      institutionCode: string
      method: string
      net: number
    }[]
    expect(listed.length).toBeGreaterThan(0)
    expect(await page.getByTestId('run-created').textContent()).toBe(
      listed.length.toLocaleString('en-US')
    )
    expect(await page.getByTestId('run-net').textContent()).toBe(
      yuan(listed.reduce((a, s) => a + s.net, 0))
    )
    await expect
      .poll(() => keysOf('statements-table'))
      .toEqual(listed.slice(0, 20).map((s) => s.id))
    const first = listed[0]!
    expect(
      await page.locator(`tr[data-row-key="${first.id}"] [data-field="net"]`).textContent()
    ).toBe(yuan(first.net))
    const months = (await fundApi('/api/v1/payment/months')).items as {
      month: string
      statements: number
      net: number
    }[]
    const monthRow = page.locator(`[data-testid="payment-months"] tr[data-row-key="${MONTH}"]`)
    expect(await monthRow.textContent()).toContain(yuan(months.find((m) => m.month === MONTH)!.net))
    await screenshot('payment-run')

    // 2. The DIP hospital's statement: its figures and its stays with their points.
    const dip = listed.find((s) => s.institutionCode === DIP_HOSPITAL)!
    expect(dip.method).toBe('DIP')
    await page.getByTestId(`statement-link-${dip.id}`).click()
    await page.waitForURL((url) => url.pathname === `/payment/statements/${dip.id}`)
    const detail = await fundApi(`/api/v1/payment/statements/${dip.id}?page=1&pageSize=50`)
    await expect
      .poll(() => page.getByTestId('statement-net').textContent())
      .toBe(yuan(detail.statement.net))
    expect(await page.getByTestId('statement-payable').textContent()).toBe(
      yuan(detail.statement.payable)
    )
    expect(detail.caseCount).toBeGreaterThan(0)
    const points = page.locator('[data-testid="statement-cases"] [data-points]')
    await expect
      .poll(() =>
        points.evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-points'))))
      )
      .toEqual(detail.cases.map((c: { points: number }) => c.points))
    expect(detail.cases.some((c: { points: number }) => c.points > 0)).toBe(true)
    expect(await page.getByTestId('statement-indicators').textContent()).toContain('入组率')
    await screenshot('statement')

    // 3. The annual clearing of the region's year keeps Σ paid + reserve = the annual fund.
    await page.getByRole('menuitem', { name: /年度清算/ }).click()
    await page.waitForURL((url) => url.pathname === '/payment/clearing')
    const region = page.getByTestId('clearing-admdvs').locator('input')
    await region.fill(ADMDVS)
    await page.getByTestId('clearing-year').fill('2025')
    await page.getByTestId('clearing-run').click()
    const identity = page.getByTestId('clearing-identity')
    await expect.poll(() => identity.getAttribute('data-ok')).toBe('true')
    expect(await identity.textContent()).toContain('✓')
    const stored = (
      (await fundApi('/api/v1/payment-clearings?year=2025')).items as {
        current: boolean
        clearing: {
          admdvs: string
          annualFund: number
          reserveAfter: number
          undistributed: number
          identityHolds: boolean
          rows: { pointFundPaid: number }[]
        }
      }[]
    ).find((s) => s.current && s.clearing.admdvs === ADMDVS)!
    const c = stored.clearing
    const paid = c.rows.reduce((a, r) => a + r.pointFundPaid, 0)
    expect(paid + c.reserveAfter + c.undistributed).toBe(c.annualFund)
    expect(c.identityHolds).toBe(true)
    expect(await page.getByTestId('clearing-identity-figures').textContent()).toBe(
      `${yuan(paid)} + ${yuan(c.reserveAfter)} = ${yuan(c.annualFund)}`
    )
    expect(await page.locator('[data-figure="annualFund"]').textContent()).toContain(
      yuan(c.annualFund)
    )
    await screenshot('clearing')
    await signOut()

    // 4. The hospital's own user sees its statement and no other.
    await signIn(`inst-${DIP_HOSPITAL}`)
    await page.getByRole('menuitem', { name: /月度拨付/ }).click()
    await page.waitForURL((url) => url.pathname === '/payment')
    await expect.poll(() => keysOf('statements-table')).toEqual([dip.id])
    expect(await page.locator('[data-testid="statements-table"] tbody').textContent()).toContain(
      DIP_HOSPITAL
    )
    const instApi = await apiSession(served.base, `inst-${DIP_HOSPITAL}`)
    const own = (await instApi(`/api/v1/payment/statements?month=${MONTH}`)).items as {
      id: string
    }[]
    expect(own.map((s) => s.id)).toEqual([dip.id])
    await screenshot('institution-statements')
  }, 300_000)
})
