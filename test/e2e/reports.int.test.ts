// SPDX-License-Identifier: Apache-2.0
// 举报受理 in the console: an anonymous report comes in through the public web form and shows in
// the report handler's list; a real-name report taken by phone is assigned, accepted, verified
// with a case value and given a grade-1 reward, which the administrator approves (the demo has
// one report handler, who may not approve their own proposal) and the handler pays. The states
// and the amount shown are those the API answers. An inspector reads the same report without
// any trace of who reported. Screenshots go to test-results/reports/.
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import {
  apiSession,
  confirm,
  haveBrowser,
  startConsole,
  watchPage,
  type ConsoleRun,
} from './harness.js'

const ANONYMOUS_SUBJECT = 'H43122300001'
const SUBJECT = 'H43122300002'
const REPORTER = '王测试'
const PHONE = '13800000000'
const CASE_VALUE = '12345.67'

describe.skipIf(!haveBrowser)('reports in the console', () => {
  let run: ConsoleRun | undefined

  beforeAll(async () => {
    run = await startConsole('reports')
  }, 240_000)

  afterAll(async () => {
    await run?.stop()
  })

  test('intake → assign → accept → verify → reward approved and paid; no identity for inspectors', async () => {
    const { page, served, screenshot, signIn, signOut } = run!
    const pageErrors = watchPage(run!)
    const state = page.getByTestId('report-state')
    const rewardState = page.getByTestId('report-reward-state')

    // 1. An anonymous report through the public web form answers a claim code.
    const sent = await fetch(`${served.base}/api/v1/public/reports`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        subjectType: 'INSTITUTION',
        subjectId: ANONYMOUS_SUBJECT,
        clues: '该院存在挂床住院、虚记药品费用的情况',
      }),
    })
    expect(sent.status).toBe(201)
    expect(((await sent.json()) as { claimCode: string }).claimCode).toMatch(/\S{8,}/)

    // 2. The report handler sees it in the list.
    const handlerApi = await apiSession(served.base, 'report_handler')
    const anonymous = await handlerApi(
      `/api/v1/reports?subjectId=${ANONYMOUS_SUBJECT}&kind=ANONYMOUS`
    )
    expect(anonymous.total).toBe(1)
    const anonymousId: string = anonymous.items[0].id
    await signIn('report_handler')
    await page.getByRole('menuitem', { name: /举报受理/ }).click()
    await page.waitForURL((url) => url.pathname === '/reports')
    const anonymousRow = page.locator(
      `[data-testid="report-table"] tr[data-row-key="${anonymousId}"]`
    )
    await anonymousRow.waitFor()
    expect(await anonymousRow.locator('[data-state]').getAttribute('data-state')).toBe('RECEIVED')
    expect(await anonymousRow.textContent()).toContain('匿名')
    await page.getByTestId('report-stats-total').waitFor()
    await screenshot('list')

    // 3. A real-name report by phone opens its page with the reporter in the secret panel.
    await page.getByTestId('report-new').click()
    await page.getByTestId('report-subject-id').fill(SUBJECT)
    await page.getByTestId('report-matter').fill('串换药品')
    await page.getByTestId('report-clues').fill('门诊将自费药品串换为目录内药品结算')
    await page.getByTestId('reporter-name-0').fill(REPORTER)
    await page.getByTestId('reporter-phone-0').fill(PHONE)
    await confirm(page)
    await page.waitForURL((url) => /^\/reports\/JB\w+$/.test(url.pathname))
    const id = decodeURIComponent(new URL(page.url()).pathname.split('/')[2]!)
    await expect.poll(() => state.getAttribute('data-state')).toBe('RECEIVED')
    const identity = page.getByTestId('report-identity')
    expect(await identity.textContent()).toContain(REPORTER)
    expect(await identity.textContent()).toContain(PHONE)
    expect(await identity.textContent()).toContain('秘密')
    expect(await page.getByTestId('report-action-verify').isDisabled()).toBe(true)

    // 4. Assigned to the handler, accepted, verified with the case value.
    await page.getByTestId('report-assign').click()
    await confirm(page)
    await expect
      .poll(() => page.getByTestId('report-handler').textContent())
      .toContain('report_handler')
    await page.getByTestId('report-action-accept').click()
    await confirm(page)
    await expect.poll(() => state.getAttribute('data-state')).toBe('ACCEPTED')
    expect(await page.getByTestId('report-action-accept').isDisabled()).toBe(true)
    await page.getByTestId('report-action-verify').click()
    await page.getByTestId('step-case-value').fill(CASE_VALUE)
    await confirm(page)
    await expect.poll(() => state.getAttribute('data-state')).toBe('VERIFIED')
    const verified = await handlerApi(`/api/v1/reports/${id}`)
    expect(verified.state).toBe('VERIFIED')
    expect(verified.caseValue).toBe(1234567)
    expect(verified.handlingDecision).toBe('PENALTY')
    expect(await page.getByTestId('report-case-value').getAttribute('data-fen')).toBe('1234567')

    // 5. A grade-1 reward is proposed; the proposer may not approve it.
    await page.getByTestId('report-reward-propose').click()
    await confirm(page)
    await expect.poll(() => rewardState.getAttribute('data-state')).toBe('PROPOSED')
    const proposed = await handlerApi(`/api/v1/reports/${id}`)
    expect(proposed.reward.state).toBe('PROPOSED')
    expect(proposed.reward.grade).toBe(1)
    expect(proposed.reward.amount).toBeGreaterThan(0)
    const amount = page.getByTestId('report-reward-amount')
    expect(await amount.getAttribute('data-fen')).toBe(String(proposed.reward.amount))
    await page.getByTestId('report-reward-approve').click()
    await page.getByTestId('report-reward-approve-issues').waitFor()
    expect(await rewardState.getAttribute('data-state')).toBe('PROPOSED')
    await screenshot('proposed')

    // 6. The administrator approves it.
    await signOut()
    await signIn('admin')
    await page.goto(`${served.base}/reports/${id}`)
    await expect.poll(() => rewardState.getAttribute('data-state')).toBe('PROPOSED')
    expect(await page.getByTestId('report-identity').count()).toBe(0)
    await page.getByTestId('report-reward-approve').click()
    await expect.poll(() => rewardState.getAttribute('data-state')).toBe('APPROVED')

    // 7. The handler records the payment.
    await signOut()
    await signIn('report_handler')
    await page.goto(`${served.base}/reports/${id}`)
    await expect.poll(() => rewardState.getAttribute('data-state')).toBe('APPROVED')
    await page.getByTestId('report-reward-pay').click()
    await page.getByTestId('report-reward-payment-ref').fill('ZZ20250001')
    await confirm(page)
    await expect.poll(() => rewardState.getAttribute('data-state')).toBe('PAID')
    const paid = await handlerApi(`/api/v1/reports/${id}`)
    expect(paid.reward.state).toBe('PAID')
    expect(paid.reward.approvedBy).toBe('user:admin')
    expect(paid.reward.paymentRef).toBe('ZZ20250001')
    expect(await amount.getAttribute('data-fen')).toBe(String(paid.reward.amount))
    const yuan = (paid.reward.amount / 100).toFixed(2)
    expect((await amount.textContent())!.replace(/[¥,]/g, '')).toBe(yuan)
    expect(await state.getAttribute('data-state')).toBe('VERIFIED')
    const events = await page
      .locator('[data-testid="report-events"] [data-action]')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-action')))
    expect(events).toEqual(paid.events.map((e: { action: string }) => e.action))
    await screenshot('paid')

    // 8. The inspector reads the report: no name, no phone, no identity panel.
    await signOut()
    await signIn('inspector')
    await page.goto(`${served.base}/reports/${id}`)
    await expect.poll(() => rewardState.getAttribute('data-state')).toBe('PAID')
    await page.getByTestId('report-events').waitFor()
    expect(await page.getByTestId('report-identity').count()).toBe(0)
    const html = await page.content()
    expect(html).not.toContain(REPORTER)
    expect(html).not.toContain(PHONE)
    const asInspector = await (await apiSession(served.base, 'inspector'))(`/api/v1/reports/${id}`)
    expect(asInspector.identity).toBeUndefined()
    expect(JSON.stringify(asInspector)).not.toContain(REPORTER)
    await screenshot('inspector')
    expect(pageErrors).toEqual([])
  }, 300_000)
})
