// SPDX-License-Identifier: Apache-2.0
import { describe, expect, test } from 'vitest'
import { loadConfig } from './config.js'

describe('config', () => {
  test('defaults give PGlite in ./.yibao on localhost:3000', () => {
    const { config, problems } = loadConfig({})
    expect(problems).toEqual([])
    expect(config).toMatchObject({ databaseUrl: undefined, dataDir: './.yibao', port: 3000 })
  })

  test('YIBAO_ variables and DATABASE_URL are read; YIBAO_DATABASE_URL wins', () => {
    const { config } = loadConfig({
      DATABASE_URL: 'postgres://a@h/x',
      YIBAO_PORT: '8080',
      YIBAO_DATA_DIR: '/var/lib/yibao',
    })
    expect(config).toMatchObject({
      databaseUrl: 'postgres://a@h/x',
      port: 8080,
      dataDir: '/var/lib/yibao',
    })
    expect(
      loadConfig({ DATABASE_URL: 'postgres://a@h/x', YIBAO_DATABASE_URL: 'postgres://b@h/y' })
        .config.databaseUrl
    ).toBe('postgres://b@h/y')
  })

  test('bad values become readable problems, not crashes', () => {
    const { problems } = loadConfig({
      YIBAO_PORT: 'eighty',
      YIBAO_LOG_LEVEL: 'loud',
      DATABASE_URL: 'mysql://x',
    })
    expect(problems).toHaveLength(3)
    expect(problems.join('\n')).toMatch(/YIBAO_PORT=eighty/)
    expect(problems.join('\n')).toMatch(/postgres:\/\//)
  })

  test('command-line overrides win over the environment', () => {
    expect(loadConfig({ YIBAO_DATA_DIR: '/a' }, { dataDir: '/b' }).config.dataDir).toBe('/b')
  })
})
