// SPDX-License-Identifier: Apache-2.0
// What the Chromium tests of the console share: `yibao serve --demo` (what `npm start` runs) on a
// fresh PGlite directory, Debian's chromium driven by playwright-core, an API session to choose
// data and check results, and signing in and out. Screenshots go to test-results/<name>/.
import { spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { expect, onTestFailed } from 'vitest'
import { chromium, type Browser, type Locator, type Page } from 'playwright-core'

export const root = path.resolve(import.meta.dirname, '../..')
const CHROMIUM = process.env['YIBAO_CHROMIUM'] ?? '/usr/bin/chromium'
export const haveBrowser = fs.existsSync(CHROMIUM)
if (!haveBrowser && process.env['CI']) {
  throw new Error(`CI needs Chromium at ${CHROMIUM} (apt-get install chromium)`)
}
export const PASSWORD = 'yibao-demo'

/** The server process and what it printed. */
export interface Served {
  readonly child: ChildProcess
  readonly base: string
  readonly stdout: string
}

/** Starts `yibao serve --demo` on a free port and waits until it says it is listening. */
function serveDemo(dir: string): Promise<Served> {
  const child = spawn(
    process.execPath,
    [path.join(root, 'packages/cli/bin/yibao.js'), 'serve', '--demo', '--dir', dir, '--port', '0'],
    { cwd: root, env: { ...process.env, YIBAO_LOG_LEVEL: 'warn' }, stdio: 'pipe' }
  )
  let stdout = ''
  let stderr = ''
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString()
  })
  return new Promise((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString()
      const url = /yibao 已启动：(http:\/\/\S+)/.exec(stdout)
      if (url && stdout.includes('按 Ctrl+C 停止')) {
        resolve({ child, base: url[1]!.replace('localhost', '127.0.0.1'), stdout })
      }
    })
    child.on('exit', (code) => {
      reject(new Error(`yibao serve 退出（${code}）：${stderr}`))
    })
  })
}

/** An API session of a demo user, used only to choose data and to check results. */
export async function apiSession(base: string, username: string) {
  const login = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: PASSWORD }),
  })
  expect(login.status).toBe(200)
  const cookie = login.headers.get('set-cookie')!.split(';')[0]!
  return async (url: string): Promise<any> => {
    const res = await fetch(`${base}${url}`, { headers: { cookie } })
    expect(res.status).toBe(200)
    return res.json()
  }
}

/** A running demo server with a browser page on it. */
export interface ConsoleRun {
  readonly served: Served
  readonly page: Page
  /** Where the screenshots go. */
  readonly shots: string
  /** A full-page screenshot, numbered in order. */
  readonly screenshot: (name: string) => Promise<void>
  readonly signIn: (username: string) => Promise<void>
  readonly signOut: () => Promise<void>
  /** Closes the browser, stops the server and removes its data. */
  readonly stop: () => Promise<void>
}

/** Serves the demo on a fresh directory and opens a Chromium page (screenshots in `name`). */
export async function startConsole(name: string): Promise<ConsoleRun> {
  expect(
    fs.existsSync(path.join(root, 'packages/web/dist/index.html')),
    'the console is built (npm run build)'
  ).toBe(true)
  const shots = path.join(root, 'test-results', name)
  fs.rmSync(shots, { recursive: true, force: true })
  fs.mkdirSync(shots, { recursive: true })
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `yibao-${name}-`))
  let served: Served | undefined
  let browser: Browser | undefined
  const stop = async (): Promise<void> => {
    await browser?.close()
    if (served && served.child.exitCode === null && served.child.signalCode === null) {
      const exited = new Promise((resolve) => served!.child.once('exit', resolve))
      served.child.kill('SIGTERM')
      await exited
    }
    fs.rmSync(dir, { recursive: true, force: true })
  }
  try {
    served = await serveDemo(dir)
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    })
    const context = await browser.newContext({
      viewport: { width: 1440, height: 900 },
      locale: 'zh-CN',
    })
    context.setDefaultTimeout(20_000)
    const page = await context.newPage()
    const base = served.base
    let shot = 0
    return {
      served,
      page,
      shots,
      stop,
      screenshot: async (label) => {
        shot += 1
        const file = path.join(shots, `${String(shot).padStart(2, '0')}-${label}.png`)
        await page.screenshot({ path: file, fullPage: true })
        expect(fs.statSync(file).size).toBeGreaterThan(10_000)
      },
      signIn: async (username) => {
        await page.goto(`${base}/login`)
        await page.getByTestId('login-username').fill(username)
        await page.getByTestId('login-password').fill(PASSWORD)
        await page.getByTestId('login-submit').click()
        await page.waitForURL((url) => !url.pathname.startsWith('/login'))
        await expect.poll(() => page.getByTestId('current-user').textContent()).toContain(username)
      },
      signOut: async () => {
        await page.getByTestId('logout').click()
        await page.waitForURL((url) => url.pathname.startsWith('/login'))
      },
    }
  } catch (error) {
    await stop()
    throw error
  }
}

/**
 * Watches the current test's page: a full-page `<name>.png` among the screenshots if the test
 * fails; answers the errors the page throws, collected from now on.
 */
export function watchPage(run: ConsoleRun, name = 'failure'): string[] {
  const { page, shots } = run
  onTestFailed(async () => {
    await page.screenshot({ path: path.join(shots, `${name}.png`), fullPage: true })
  })
  const errors: string[] = []
  page.on('pageerror', (error) => errors.push(error.message))
  return errors
}

/** Submits the open modal's form once its opening animation is over. */
export async function confirm(page: Page): Promise<void> {
  const dialog = page.getByRole('dialog')
  await expect.poll(() => dialog.getAttribute('class')).not.toContain('zoom')
  await dialog.locator('.ant-modal-footer .ant-btn-primary').click()
  await dialog.waitFor({ state: 'hidden' })
}

/** The rows of the table with a test id. */
export function tableRows(page: Page, testId: string): Locator {
  return page.locator(`[data-testid="${testId}"] tr.ant-table-row`)
}

/** The `data-row-key`s of table rows, in order. */
export function rowKeys(rows: Locator): Promise<(string | null)[]> {
  return rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-row-key')))
}
