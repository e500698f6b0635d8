// SPDX-License-Identifier: Apache-2.0
// The console end to end, as a bureau uses it: `yibao serve --demo` (what `npm start` runs) on a
// fresh PGlite directory, Debian's chromium driven by playwright-core. The auditor dispatches
// three findings, the institution appeals two with an attachment, the reviewer upholds one and
// dismisses the other, and the dashboard's funnel shows it. The fund manager imports and
// activates a benefit policy, settles the worked example's bill in the calculator, runs a policy
// what-if and a settlement check. Screenshots go to test-results/console/.
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { Page } from 'playwright-core'
import { EXAMPLE_POLICY_2020, formatPolicyText } from '@yibao/settlement'
import {
  apiSession,
  haveBrowser,
  PASSWORD,
  root,
  rowKeys,
  startConsole,
  type ConsoleRun,
  type Served,
  watchPage,
} from './harness.js'

describe.skipIf(!haveBrowser)('the console in Chromium', () => {
  let run: ConsoleRun | undefined
  let served: Served
  let page: Page

  beforeAll(async () => {
    run = await startConsole('console')
    ;({ served, page } = run)
  }, 240_000)

  afterAll(async () => {
    await run?.stop()
  })

  const screenshot = (name: string): Promise<void> => run!.screenshot(name)
  const signIn = (username: string): Promise<void> => run!.signIn(username)
  const signOut = (): Promise<void> => run!.signOut()

  const stateOf = (id: string) => page.locator(`tr[data-row-key="${id}"]`)

  test('`serve --demo` prints the demo accounts', () => {
    expect(served.stdout).toContain(`演示账号（密码均为 ${PASSWORD}）`)
    expect(served.stdout).toContain(
      'admin、auditor、reviewer、inspector、report_handler、fund_manager'
    )
    expect(served.stdout).toMatch(/机构用户 \d+ 个：inst-/)
  })

  test('dispatch → appeal with an attachment → uphold and dismiss → the funnel shows it', async () => {
    watchPage(run!)
    // The institution with the most machine findings under the four-eyes threshold.
    const auditorApi = await apiSession(served.base, 'auditor')
    const generated = await auditorApi('/api/v1/findings?state=GENERATED&minAmount=1&pageSize=500')
    const byInstitution = new Map<string, number>()
    for (const f of generated.items) {
      if (f.amount < 500_000) {
        byInstitution.set(f.institutionCode, (byInstitution.get(f.institutionCode) ?? 0) + 1)
      }
    }
    const [institution] = [...byInstitution].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    expect(institution![1]).toBeGreaterThanOrEqual(3)
    const code = institution![0]

    // 1. The auditor filters the workbench to that institution and dispatches three findings.
    await signIn('auditor')
    await page.goto(`${served.base}/findings`)
    await page.getByPlaceholder('机构编码').fill(code)
    await page.getByRole('button', { name: /查\s*询/ }).click()
    await page.waitForURL((url) => url.searchParams.get('institutionCode') === code)
    const rows = page.locator('.ant-table-tbody tr.ant-table-row')
    const firstPage = await auditorApi(`/api/v1/findings?institutionCode=${code}&pageSize=20`)
    const keys = () => rowKeys(rows)
    await expect.poll(keys).toEqual(firstPage.items.map((f: any) => f.id))
    const candidates: string[] = []
    for (let i = 0; i < (await rows.count()) && candidates.length < 3; i++) {
      const row = rows.nth(i)
      const id = (await row.getAttribute('data-row-key'))!
      const finding = generated.items.find((f: any) => f.id === id)
      if (finding === undefined || finding.amount >= 500_000) continue
      await row.locator('.ant-checkbox-input').check()
      candidates.push(id)
    }
    expect(candidates).toHaveLength(3)
    await screenshot('auditor-selects')
    await page.getByTestId('dispatch-selected').click()
    await expect.poll(() => page.getByTestId('dispatch-count').textContent()).toContain('3')
    await page.getByTestId('dispatch-confirm').click()
    for (const id of candidates) {
      await expect.poll(() => stateOf(id).textContent()).toContain('已下发')
    }
    await screenshot('auditor-dispatched')
    await signOut()

    // 2. The institution sees its findings and appeals two of them, each with a PDF.
    const [upheldId, dismissedId] = candidates as [string, string, string]
    await signIn(`inst-${code}`)
    await page.waitForURL((url) => url.pathname === '/portal')
    for (const id of [upheldId, dismissedId]) {
      await expect.poll(() => stateOf(id).count()).toBe(1)
      await stateOf(id).click()
      await page.waitForURL((url) => url.pathname === `/findings/${encodeURIComponent(id)}`)
      await page.getByTestId('appeal-reason').fill('该项目有医嘱和病程记录支持，符合诊疗规范。')
      await page.locator('[data-testid="appeal-upload"] input[type="file"]').setInputFiles({
        name: '病程记录.pdf',
        mimeType: 'application/pdf',
        buffer: Buffer.from(`%PDF-1.4\n% 申诉材料 ${id}\n`),
      })
      await expect
        .poll(() => page.getByTestId('appeal-upload').textContent())
        .toContain('病程记录.pdf')
      await page.getByTestId('appeal-submit').click()
      await expect
        .poll(() => page.getByTestId('finding-state').getAttribute('data-state'))
        .toBe('APPEALED')
      await expect.poll(() => page.getByTestId('appeal-attachment').count()).toBe(1)
      await screenshot('institution-appealed')
      await page.goBack()
    }
    await signOut()

    // 3. The reviewer upholds the first appeal and dismisses the second.
    await signIn('reviewer')
    await page.goto(`${served.base}/review`)
    for (const [id, decision, state] of [
      [upheldId, 'uphold', 'DEDUCTED'],
      [dismissedId, 'dismiss', 'DISMISSED'],
    ] as const) {
      await expect.poll(() => stateOf(id).count()).toBe(1)
      await stateOf(id).click()
      await page.waitForURL((url) => url.pathname === `/findings/${encodeURIComponent(id)}`)
      await page.getByTestId(`decision-${decision}`).click()
      await page
        .getByTestId('decision-basis')
        .fill(
          decision === 'uphold'
            ? '病历无相应记录，认定违规。'
            : '机构提供的病程记录充分，不予认定。'
        )
      await page.getByTestId('decision-submit').click()
      await expect
        .poll(() => page.getByTestId('finding-state').getAttribute('data-state'))
        .toBe(state)
      await screenshot(`reviewer-${decision}`)
      await page.goto(`${served.base}/review`)
    }
    await signOut()

    // 4. The dashboard's funnel counts exactly what happened.
    const amountOf = (id: string): number =>
      (generated.items as { id: string; amount: number }[]).find((f) => f.id === id)!.amount
    const upheld = { amount: amountOf(upheldId) }
    const dismissed = { amount: amountOf(dismissedId) }
    await signIn('fund_manager')
    await page.goto(`${served.base}/`)
    const stage = (name: string) =>
      page.locator(`[data-testid="funnel-table"] tr[data-stage="${name}"]`)
    await expect.poll(() => stage('dispatched').getAttribute('data-count')).toBe('3')
    const counts: Record<string, [string | null, string | null]> = {}
    for (const name of ['dispatched', 'appealed', 'upheld', 'dismissed', 'deducted']) {
      counts[name] = [
        await stage(name).getAttribute('data-count'),
        await stage(name).getAttribute('data-amount'),
      ]
    }
    expect(counts).toMatchObject({
      appealed: ['2', String(upheld.amount + dismissed.amount)],
      upheld: ['1', String(upheld.amount)],
      dismissed: ['1', String(dismissed.amount)],
      deducted: ['1', String(upheld.amount)],
    })
    await screenshot('dashboard-funnel')
    const fundApi = await apiSession(served.base, 'fund_manager')
    expect((await fundApi('/api/v1/deductions')).totalAmount).toBe(upheld.amount)
  }, 240_000)

  test('policies → calculator → what-if → settlement check, as the fund manager', async () => {
    watchPage(run!, 'failure-settlement')
    await page.context().clearCookies()
    await signIn('fund_manager')

    // 1. The demo's policy is in force; the worked example's policy is imported and activated.
    await page.getByRole('menuitem', { name: /待遇政策/ }).click()
    await page.waitForURL((url) => url.pathname === '/policies')
    const statusOf = (id: string) =>
      page.locator(`tr[data-row-key="${id}"] [data-status]`).getAttribute('data-status')
    await expect.poll(() => statusOf('431223-2025-demo')).toBe('ACTIVE')
    await page.locator('input[type="file"]').setInputFiles({
      name: 'example-2020.yaml',
      mimeType: 'application/yaml',
      buffer: Buffer.from(formatPolicyText(EXAMPLE_POLICY_2020)),
    })
    await expect.poll(() => statusOf('example-2020')).toBe('DRAFT')
    await page.getByTestId('policy-activate-example-2020').click()
    await page.getByTestId('policy-activate-confirm').click()
    await expect.poll(() => statusOf('example-2020')).toBe('ACTIVE')
    await screenshot('policies')

    // A draft from the demo's policy, edited as YAML: a bad ratio is named by its path.
    await page.getByTestId('policy-copy-431223-2025-demo').click()
    await page.getByTestId('policy-copy-id').fill('431223-2025-draft')
    await page.getByRole('button', { name: /^新\s*建$/ }).click()
    const editor = page.getByTestId('policy-editor')
    await expect.poll(() => editor.inputValue()).toContain('id: 431223-2025-draft')
    const yaml = await editor.inputValue()
    await editor.fill(yaml.replace('ratio: 90', 'ratio: 190'))
    await page.getByTestId('policy-editor-save').click()
    await expect
      .poll(() =>
        page.locator('[data-testid="policy-issues"] li').first().getAttribute('data-path')
      )
      .toBe('$.basic[0].ratio')
    await screenshot('policy-issues')
    await editor.fill(yaml.replace('ratio: 90', 'ratio: 92'))
    await page.getByTestId('policy-editor-save').click()
    await expect.poll(() => editor.count()).toBe(0)
    await expect.poll(() => statusOf('431223-2025-draft')).toBe('DRAFT')
    await page.getByTestId('policy-view-example-2020').click()
    await expect
      .poll(() => page.getByTestId('policy-editor').inputValue())
      .toContain('id: example-2020')
    // The drawer has slid in (820 px wide, at the right of 1440).
    await expect
      .poll(async () => (await page.getByTestId('policy-editor').boundingBox())?.x ?? 9999)
      .toBeLessThan(700)
    await screenshot('policy-yaml')
    await page.keyboard.press('Escape')

    // 2. The calculator settles the bill of §7.4 under it, to the fen.
    await page.getByRole('menuitem', { name: /结算计算器/ }).click()
    await page.waitForURL((url) => url.pathname === '/settlement/calculator')
    await page.getByTestId('calc-example').click()
    await page.getByTestId('calc-submit').click()
    const amount = (field: string) => page.getByTestId(`setl-${field}`).textContent()
    await expect.poll(() => amount('hifpPay')).toBe('¥35,600.00')
    expect({
      hifmiPay: await amount('hifmiPay'),
      mafPay: await amount('mafPay'),
      othPay: await amount('othPay'),
      psnPartAmt: await amount('psnPartAmt'),
    }).toEqual({
      hifmiPay: '¥1,235.00',
      mafPay: '¥5,715.50',
      othPay: '¥2,449.50',
      psnPartAmt: '¥5,000.00',
    })
    expect(await page.getByTestId('calc-policy').textContent()).toContain('example-2020')
    expect(await page.getByTestId('calc-steps').textContent()).toContain(
      '按 80%（75% + 脱贫人口倾斜 5%）支付 35600.00 元'
    )
    await screenshot('calculator')

    // 3. The what-if of halving the 大病 deductible raises the cost of 大病保险.
    await page.getByRole('menuitem', { name: /政策测算/ }).click()
    await page.waitForURL((url) => url.pathname === '/settlement/whatif')
    await page.getByText('粘贴或上传 YAML').click()
    await page
      .locator('input[type="file"]')
      .setInputFiles(path.join(root, 'examples/settlement/demo-critical-halved.yaml'))
    await expect
      .poll(() => page.getByTestId('whatif-text').inputValue())
      .toContain('431223-2025-critical-halved')
    await page.getByTestId('whatif-year').fill('2025')
    await page.getByTestId('whatif-run').click()
    await page.getByTestId('whatif-result').waitFor({ timeout: 180_000 })
    const deviation = await page
      .locator('[data-testid="whatif-layers"] tr[data-row-key="hifmi_pay"] [data-deviation]')
      .getAttribute('data-deviation')
    expect(Number(deviation)).toBeGreaterThan(0)
    expect(
      await page.locator('[data-testid="whatif-layers"] tr[data-row-key="hifmi_pay"]').textContent()
    ).toContain('居民大病保险')
    // The chart's canvas has been painted (a blank one has no opaque pixel).
    const painted = () =>
      page.locator('[data-testid="whatif-chart"] canvas').evaluate((element) => {
        const canvas = element as unknown as {
          width: number
          height: number
          getContext(kind: '2d'): {
            getImageData(x: number, y: number, w: number, h: number): { data: ArrayLike<number> }
          }
        }
        const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data
        let n = 0
        for (let i = 3; i < pixels.length; i += 4) if (pixels[i]! > 0) n++
        return n
      })
    await expect.poll(painted).toBeGreaterThan(1000)
    await screenshot('whatif')

    // 4. The settlement check of 2025 finds the settlements made without the tilt due.
    await page.getByRole('menuitem', { name: /结算核查/ }).click()
    await page.waitForURL((url) => url.pathname === '/settlement/checks')
    await page.getByTestId('checks-year').click()
    await page.locator('.ant-select-item-option[title="2025"]').click()
    await page.getByTestId('checks-start').click()
    await page.getByTestId('checks-job').waitFor({ timeout: 180_000 })
    expect(await page.getByTestId('checks-job').textContent()).toContain('完成')
    await page.getByText('漏享倾斜', { exact: true }).last().click()
    await expect
      .poll(() => page.locator('[data-testid="checks-table"] tr.ant-table-row').count())
      .toBeGreaterThan(0)
    await screenshot('settlement-check')
  }, 420_000)
})
