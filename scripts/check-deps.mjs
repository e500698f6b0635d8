#!/usr/bin/env node
// SPDX-License-Identifier: Apache-2.0
// Fails when a workspace package imports another one against the direction of
// docs/architecture.md, imports a package its package.json does not declare, or when
// the declared graph has a cycle.
import fs from 'node:fs'
import path from 'node:path'

const root = path.resolve(import.meta.dirname, '..')

/** What each package may depend on (architecture.md, "Packages and their direction"). */
export const allowed = {
  domain: [],
  knowledge: ['domain'],
  audit: ['domain', 'knowledge'],
  settlement: ['domain', 'knowledge'],
  payment: ['domain', 'knowledge'],
  supervision: ['domain', 'knowledge', 'audit', 'settlement', 'payment'],
  analytics: ['domain', 'knowledge', 'audit', 'settlement', 'payment'],
  storage: ['domain', 'knowledge', 'audit', 'settlement', 'payment', 'supervision', 'analytics'],
  datagen: ['domain', 'knowledge', 'settlement'],
  server: [
    'domain',
    'knowledge',
    'audit',
    'settlement',
    'payment',
    'supervision',
    'analytics',
    'storage',
  ],
  cli: [
    'domain',
    'knowledge',
    'audit',
    'settlement',
    'payment',
    'supervision',
    'analytics',
    'storage',
    'datagen',
    'server',
  ],
  web: [],
}

const problems = []
const declared = {}
const pkgDir = path.join(root, 'packages')
for (const name of fs.readdirSync(pkgDir)) {
  const pj = path.join(pkgDir, name, 'package.json')
  if (!fs.existsSync(pj)) continue
  if (!(name in allowed)) problems.push(`packages/${name}: not in the architecture's package list`)
  const json = JSON.parse(fs.readFileSync(pj, 'utf8'))
  const deps = Object.keys({
    ...json.dependencies,
    ...json.devDependencies,
    ...json.peerDependencies,
  })
    .filter((d) => d.startsWith('@yibao/'))
    .map((d) => d.slice('@yibao/'.length))
  declared[name] = deps
  for (const d of deps) {
    if (!(allowed[name] ?? []).includes(d)) {
      problems.push(
        `packages/${name}/package.json: depends on @yibao/${d}, against the direction in architecture.md`
      )
    }
  }
}

function* sourceFiles(dir) {
  if (!fs.existsSync(dir)) return
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name)
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules' && entry.name !== 'dist') yield* sourceFiles(p)
    } else if (/\.(ts|tsx|js|mjs)$/.test(entry.name)) yield p
  }
}

const importRe = /(?:from\s+|import\s*\(\s*|import\s+)['"]@yibao\/([a-z-]+)['"]/g
for (const name of Object.keys(declared)) {
  for (const file of sourceFiles(path.join(pkgDir, name, 'src'))) {
    const text = fs.readFileSync(file, 'utf8')
    for (const m of text.matchAll(importRe)) {
      const target = m[1]
      // A test may spawn a child process that loads its own package's build.
      if (target === name && !/\.test\.ts$/.test(file)) {
        problems.push(
          `${path.relative(root, file)}: imports its own package through @yibao/${target}`
        )
      } else if (target !== name && !declared[name].includes(target)) {
        problems.push(
          `${path.relative(root, file)}: imports @yibao/${target}, not declared in packages/${name}/package.json`
        )
      }
    }
  }
}

// Cycle check over the declared graph (depth-first, three colours).
const state = {}
function visit(n, trail) {
  if (state[n] === 'done') return
  if (state[n] === 'open') {
    problems.push(`dependency cycle: ${[...trail.slice(trail.indexOf(n)), n].join(' → ')}`)
    return
  }
  state[n] = 'open'
  for (const d of declared[n] ?? []) visit(d, [...trail, n])
  state[n] = 'done'
}
for (const n of Object.keys(declared)) visit(n, [])

if (problems.length > 0) {
  console.error(
    `依赖方向检查失败 (${problems.length}):\n` + problems.map((p) => `  - ${p}`).join('\n')
  )
  process.exit(1)
}
console.log(`依赖方向检查通过：${Object.keys(declared).length} 个包，无环，无反向依赖。`)
