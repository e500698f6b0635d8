// SPDX-License-Identifier: Apache-2.0
// Supervision in the console, on the demo region (whose inspector register the demo build
// creates): the inspector draws a 双随机 inspection with seed 42 twice and gets the same objects
// and teams, no team member with a declared conflict with the object; a bad plan is refused at
// its path. Then the inspector records 12 points for a doctor (FRAUD, main responsibility) and
// the file shows the termination with its 3-year re-registration bar. Every figure checked
// against what the API answers. Screenshots go to test-results/supervision/.
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { apiSession, haveBrowser, startConsole, watchPage, type ConsoleRun } from './harness.js'

const SEED = '42'
const DOCTOR = 'D43122300001'
const DECISION = '2025-06-01'
const BAR = '2028-06-01'

interface ShownObject {
  code: string
  team: string[]
  teamText: string
}

describe.skipIf(!haveBrowser)('supervision in the console', () => {
  let run: ConsoleRun | undefined

  beforeAll(async () => {
    run = await startConsole('supervision')
  }, 240_000)

  afterAll(async () => {
    await run?.stop()
  })

  test('a reproducible 双随机 draw without conflicts → 12 points terminate a doctor', async () => {
    const { page, served, screenshot, signIn } = run!
    const pageErrors = watchPage(run!)
    const api = await apiSession(served.base, 'inspector')
    const result = page.getByTestId('draw-result')

    /** The objects of the draw table with their teams (inspector ids) as shown. */
    const shownObjects = (): Promise<ShownObject[]> =>
      page.locator('[data-testid="draw-objects"] tr.ant-table-row').evaluateAll((trs) =>
        trs.map((tr) => {
          const team = tr.querySelector('[data-field="team"]')
          return {
            code: tr.getAttribute('data-row-key') ?? '',
            team: (team?.getAttribute('data-ids') ?? '').split(','),
            teamText: team?.textContent ?? '',
          }
        })
      )

    /** Draws with the seed and waits for a new result; answers its id. */
    const draw = async (previous: string | null): Promise<string> => {
      await page.getByTestId('draw-seed-input').fill(SEED)
      await page.getByTestId('draw-run').click()
      await expect
        .poll(
          async () => ((await result.count()) === 0 ? null : result.getAttribute('data-draw-id')),
          {
            timeout: 60_000,
          }
        )
        .not.toBe(previous)
      const id = await result.getAttribute('data-draw-id')
      expect(id).toBeTruthy()
      return id!
    }

    // 1. The inspector opens 双随机抽查; a plan with a team of one is refused at its path.
    await signIn('inspector')
    await page.getByRole('menuitem', { name: /双随机抽查/ }).click()
    await page.waitForURL((url) => url.pathname === '/inspections')
    const teamSize = page.getByTestId('plan-teamSize')
    await expect.poll(() => teamSize.inputValue()).toBe('2')
    await teamSize.fill('1')
    await page.getByTestId('draw-run').click()
    await page.locator('[data-testid="draw-run-issues"] [data-path="$.teamSize"]').waitFor()
    await page.getByRole('button', { name: /恢复默认计划/ }).click()
    await expect.poll(() => teamSize.inputValue()).toBe('2')

    // 2. Seed 42, twice: the same objects and the same teams.
    const first = await draw(null)
    expect(await page.getByTestId('draw-seed').textContent()).toBe(SEED)
    const shown = await shownObjects()
    expect(shown.length).toBeGreaterThan(0)
    const recorded = await api(`/api/v1/inspection-draws/${first}`)
    expect(recorded.seed).toBe(Number(SEED))
    expect(await page.getByTestId('draw-algorithm').textContent()).toBe(recorded.algorithm)
    expect(shown.map((o) => o.code)).toEqual(
      recorded.objects.map((o: { object: { code: string } }) => o.object.code)
    )
    expect(shown.map((o) => o.team)).toEqual(
      recorded.objects.map((o: { team: string[] }) => o.team)
    )
    const drawnByType = await page
      .locator('[data-testid="draw-by-type"] [data-drawn]')
      .evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-drawn'))))
    expect(drawnByType.reduce((a, n) => a + n, 0)).toBe(shown.length)
    await screenshot('draw')

    const second = await draw(first)
    expect(second).not.toBe(first)
    expect(await page.getByTestId('draw-seed').textContent()).toBe(SEED)
    await expect.poll(shownObjects).toEqual(shown)

    // 3. No team member has a declared conflict with the object, and every one is certified;
    // the names shown are the register's.
    const inspectors = (await api('/api/v1/inspection/inspectors')).items as {
      id: string
      name: string
      certificate: string | null
      conflicts: string[]
    }[]
    const byId = new Map(inspectors.map((i) => [i.id, i]))
    for (const object of shown) {
      expect(object.team).toHaveLength(2)
      for (const id of object.team) {
        const inspector = byId.get(id)
        expect(inspector, id).toBeDefined()
        expect(inspector!.certificate).not.toBeNull()
        expect(inspector!.conflicts, `${id} on ${object.code}`).not.toContain(object.code)
      }
      expect(object.teamText).toBe(object.team.map((id) => byId.get(id)!.name).join('、'))
    }

    // 4. Both draws are in the records, and a recorded draw opens with the same objects.
    await page.getByRole('tab', { name: '抽取记录' }).click()
    await page.getByTestId(`draw-link-${first}`).click()
    await page.waitForURL((url) => url.pathname === `/inspections/draws/${first}`)
    await expect.poll(shownObjects).toEqual(shown)
    await page.goto(`${served.base}/inspections?tab=draws`)
    await page.getByTestId(`draw-link-${second}`).waitFor()

    // 5. 医保支付资格: a doctor of the demo without points gets 12 (FRAUD, 主要责任).
    const before = await api(`/api/v1/staff/${DOCTOR}`)
    expect(before.staffCode).toBe(DOCTOR)
    expect(before.events).toEqual([])
    await page.getByRole('menuitem', { name: /医保支付资格/ }).click()
    await page.waitForURL((url) => url.pathname === '/staff')
    await page.getByTestId('staff-search').fill(DOCTOR)
    await page.getByTestId('staff-open').click()
    await page.waitForURL((url) => url.pathname === `/staff/${DOCTOR}`)
    expect(await page.getByTestId('staff-title').textContent()).toContain(before.name)
    expect(await page.getByTestId('staff-status').textContent()).toBe('正常')

    const date = page.getByTestId('points-date')
    await date.click()
    await date.fill(DECISION)
    await date.press('Enter')
    await expect.poll(() => date.inputValue()).toBe(DECISION)
    await page.getByTestId('points-trigger').click()
    await page.locator('.ant-select-item-option [data-trigger="FRAUD"]').click()
    await page.locator('[data-testid="points-form"] label', { hasText: '主要责任' }).click()
    expect(
      await page.locator('[data-testid="points-form"] label', { hasText: '主要责任' }).textContent()
    ).toContain('12 分')
    await page.getByTestId('points-submit').click()

    await expect.poll(() => page.getByTestId('staff-status').textContent()).toBe('终止')
    expect(await page.getByTestId('staff-bar-until').textContent()).toBe(BAR)
    expect(
      await page
        .locator('[data-testid="staff-periods"] [data-bar-until]')
        .getAttribute('data-bar-until')
    ).toBe(BAR)
    const after = await api(`/api/v1/staff/${DOCTOR}?date=${DECISION}`)
    expect(after.status).toBe('TERMINATED')
    expect(after.yearTotals).toEqual({ '2025': 12 })
    expect(after.periods).toEqual([
      expect.objectContaining({ status: 'TERMINATED', from: DECISION, to: null, barUntil: BAR }),
    ])
    await screenshot('staff-file')

    // The list of people with points shows the doctor terminated.
    await page.getByRole('menuitem', { name: /医保支付资格/ }).click()
    await page.waitForURL((url) => url.pathname === '/staff')
    const row = page.locator(`[data-testid="staff-table"] tr[data-row-key="${DOCTOR}"]`)
    await expect
      .poll(() => row.locator('[data-status]').getAttribute('data-status'))
      .toBe('TERMINATED')
    await screenshot('staff-list')
    expect(pageErrors).toEqual([])
  }, 300_000)
})
