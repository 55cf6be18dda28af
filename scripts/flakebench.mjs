#!/usr/bin/env node
// The `flakebench` command (package.json "bin"). Plain JavaScript, because it starts under whatever Node is on
// PATH: it picks a Node that flakebench supports and runs the TypeScript command line (scripts/cli/main.ts)
// under tsx, which also compiles the package's own .ts files where Node would refuse to strip their types
// (inside node_modules). The subcommands live there; this file only starts them and passes the exit code on.
import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { constants } from 'node:os'
import { fileURLToPath } from 'node:url'

// package.json "engines": Vitest 5 needs Node ≥ 22.12.
const MINIMUM_NODE = [22, 12]

const require = createRequire(import.meta.url)
const main = fileURLToPath(new URL('./cli/main.ts', import.meta.url))
const tsxLoader = import.meta.resolve('tsx')

const node = supportedNode()
if (!node) {
  console.error(`flakebench: needs Node ≥ ${MINIMUM_NODE.join('.')}; this is Node ${process.versions.node}, and the Node flakebench brings (the "node" package) is not installed\n→ install Node 22 (in GitHub Actions: actions/setup-node with node-version: 22), or reinstall flakebench`)
  process.exit(2)
}

const child = spawn(node, ['--import', tsxLoader, main, ...process.argv.slice(2)], { stdio: 'inherit' })
// A signal meant for the run (a CI runner stopping the job, `kill`) reaches this process only: pass it on, and
// let the run stop gracefully. Ctrl+C signals the terminal's whole group, so the run may get it twice within a
// few milliseconds; it counts that as one interrupt (reports/interrupt.ts).
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal))
child.on('error', (error) => {
  console.error(`flakebench: cannot start ${node}: ${error.message}`)
  process.exit(2)
})
child.on('exit', (code, signal) => process.exit(code ?? 128 + (constants.signals[signal] ?? 0)))

/** This Node when it is new enough, else the one the "node" dependency installed, else null. */
function supportedNode() {
  const [major, minor] = process.versions.node.split('.').map(Number)
  if (major > MINIMUM_NODE[0] || (major === MINIMUM_NODE[0] && minor >= MINIMUM_NODE[1])) return process.execPath
  try {
    const bundled = require.resolve('node/bin/node')
    return existsSync(bundled) ? bundled : null
  } catch {
    return null
  }
}
