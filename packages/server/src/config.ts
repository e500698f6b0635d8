// SPDX-License-Identifier: Apache-2.0

/** Every setting of a running yibao, in one typed object. */
export interface YibaoConfig {
  /** PostgreSQL URL; when absent, PGlite runs in `dataDir`. */
  readonly databaseUrl: string | undefined
  /** PGlite data directory. */
  readonly dataDir: string
  readonly host: string
  readonly port: number
  /** pino level: fatal, error, warn, info, debug, trace, silent. */
  readonly logLevel: string
  /** Largest accepted request body, bytes. */
  readonly bodyLimit: number
  /**
   * How long a verified API key is trusted without asking the database again, seconds. A revoked
   * key is refused by a running server at the latest this long after `yibao apikey revoke`;
   * 0 verifies every request.
   */
  readonly apiKeyCacheSeconds: number
  /**
   * Production mode (`YIBAO_ENV=production` or `NODE_ENV=production`): demo accounts are refused
   * and session cookies are marked Secure.
   */
  readonly production: boolean
  /** How long a console session lasts without signing in again, hours. */
  readonly sessionHours: number
  /** Directory of the built console served at `/` (default: the web package's dist). */
  readonly webDir: string | undefined
  /**
   * Most fee lines of persons' histories kept in memory for real-time audit (each person counts
   * one more); 0 reads every history from the database.
   */
  readonly historyCacheLines: number
  /**
   * Key of reporters' identities (`YIBAO_REPORT_KEY`, 32 bytes, base64). Required in production
   * to take reports; elsewhere a key kept in the database serves when absent.
   */
  readonly reportKey: string | undefined
}

const DEFAULTS: YibaoConfig = {
  databaseUrl: undefined,
  dataDir: './.yibao',
  host: '127.0.0.1',
  port: 3000,
  logLevel: 'info',
  bodyLimit: 20 * 1024 * 1024,
  apiKeyCacheSeconds: 30,
  production: false,
  sessionHours: 8,
  webDir: undefined,
  historyCacheLines: 200_000,
  reportKey: undefined,
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']

/** A config and the problems found while reading it. */
export interface LoadedConfig {
  readonly config: YibaoConfig
  /** Readable problems; the caller decides to fail (startup) or warn. */
  readonly problems: readonly string[]
}

/**
 * Reads the configuration from environment variables with the `YIBAO_` prefix
 * (`YIBAO_DATABASE_URL` → `databaseUrl`, `YIBAO_DATA_DIR`, `YIBAO_HOST`, `YIBAO_PORT`,
 * `YIBAO_LOG_LEVEL`, `YIBAO_BODY_LIMIT`, `YIBAO_API_KEY_CACHE_SECONDS`, `YIBAO_ENV`,
 * `YIBAO_SESSION_HOURS`, `YIBAO_WEB_DIR`, `YIBAO_HISTORY_CACHE_LINES`), plus the conventional `DATABASE_URL` and `NODE_ENV`, then applies explicit overrides (command-line options win over the environment).
 *
 * @param env - environment, usually `process.env`
 * @param overrides - values from the command line
 */
export function loadConfig(
  env: Readonly<Record<string, string | undefined>>,
  overrides: Partial<YibaoConfig> = {}
): LoadedConfig {
  const problems: string[] = []
  const int = (name: string, fallback: number, min: number, max: number): number => {
    const raw = env[name]
    if (raw === undefined || raw === '') return fallback
    const n = Number(raw)
    if (!Number.isInteger(n) || n < min || n > max) {
      problems.push(`${name}=${raw} 无效：应为 ${min}–${max} 之间的整数`)
      return fallback
    }
    return n
  }
  const str = (name: string): string | undefined => {
    const v = env[name]
    return v === undefined || v.trim() === '' ? undefined : v.trim()
  }
  const config: YibaoConfig = {
    databaseUrl: str('YIBAO_DATABASE_URL') ?? str('DATABASE_URL') ?? DEFAULTS.databaseUrl,
    dataDir: str('YIBAO_DATA_DIR') ?? DEFAULTS.dataDir,
    host: str('YIBAO_HOST') ?? DEFAULTS.host,
    port: int('YIBAO_PORT', DEFAULTS.port, 0, 65535),
    logLevel: str('YIBAO_LOG_LEVEL') ?? DEFAULTS.logLevel,
    bodyLimit: int('YIBAO_BODY_LIMIT', DEFAULTS.bodyLimit, 1024, 1024 * 1024 * 1024),
    apiKeyCacheSeconds: int('YIBAO_API_KEY_CACHE_SECONDS', DEFAULTS.apiKeyCacheSeconds, 0, 3600),
    production: str('YIBAO_ENV') === 'production' || str('NODE_ENV') === 'production',
    sessionHours: int('YIBAO_SESSION_HOURS', DEFAULTS.sessionHours, 1, 24 * 30),
    webDir: str('YIBAO_WEB_DIR') ?? DEFAULTS.webDir,
    historyCacheLines: int('YIBAO_HISTORY_CACHE_LINES', DEFAULTS.historyCacheLines, 0, 100_000_000),
    reportKey: str('YIBAO_REPORT_KEY') ?? DEFAULTS.reportKey,
    ...Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined)),
  }
  problems.push(...validateConfig(config))
  return { config, problems }
}

/** Checks a config; returns readable problems (empty when valid). */
export function validateConfig(config: YibaoConfig): string[] {
  const problems: string[] = []
  if (config.databaseUrl !== undefined && !/^postgres(ql)?:\/\//.test(config.databaseUrl)) {
    problems.push('数据库地址应以 postgres:// 或 postgresql:// 开头')
  }
  if (!LOG_LEVELS.includes(config.logLevel)) {
    problems.push(`日志级别 ${config.logLevel} 无效：应为 ${LOG_LEVELS.join('、')} 之一`)
  }
  if (config.port < 0 || config.port > 65535) problems.push(`端口 ${config.port} 无效`)
  return problems
}
