import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { COMMANDS } from '../../scripts/cli/commands.ts'
import { runNpmScript } from './entry-points.ts'

// `npm run compare -- …` in flakebench's own checkout is the `flakebench compare` subcommand; a real run is in
// test/integration/compare-command.test.ts.
let dir: string
beforeAll(async () => { dir = await mkdtemp(join(tmpdir(), 'flakebench-compare-script-')) })
afterAll(() => rm(dir, { recursive: true, force: true }))

test('npm run compare -- --help: the subcommand\'s help, exit 0', { timeout: 60_000 }, async () => {
  const run = await runNpmScript('compare', ['--help'], dir)
  expect([run.exitCode, run.stdout, run.stderr]).toEqual([0, COMMANDS.compare!.help, ''])
})

test('npm run compare -- <one reference>: exit 2 with what to fix, nothing written', { timeout: 60_000 }, async () => {
  const run = await runNpmScript('compare', ['.'], dir)
  expect([run.exitCode, run.stdout]).toEqual([2, ''])
  expect(run.stderr).toMatch(/^flakebench compare: only one flake reference given: compare takes a base and a head, or none\n→ /)
})
