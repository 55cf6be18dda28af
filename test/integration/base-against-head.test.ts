import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { ConfigSchema } from '../../helpers/config/schema.ts'
import { createFixtureGenerations, removeFixtureGenerations, type FixtureGenerations } from '../../helpers/generate/fixture-generations.ts'
import { runChecked } from '../../helpers/process/run-command.ts'
import { readResults } from '../../reports/results-file.ts'
import { benchWorkspace, runBench } from './bench-run.ts'

// 6 modules against 96: the head's evaluation does many times the base's work, far beyond any timing noise.
const SHAPE = { modules: 6, nixosHosts: 1, darwinHosts: 1 }
const EXTRA_MODULES = 90
const CONFIG = { fixture: SHAPE, iterations: 3, timeoutMs: 60_000 }
const FILES = { files: ['bench/base-against-head.bench.ts'] }

let workspace: Awaited<ReturnType<typeof benchWorkspace>>
let generations: FixtureGenerations
beforeAll(async () => {
  workspace = await benchWorkspace()
  generations = await createFixtureGenerations(ConfigSchema.parse({ fixture: SHAPE }).fixture, EXTRA_MODULES)
})
afterAll(async () => {
  await removeFixtureGenerations(generations)
  await workspace.dispose()
})

const compare = (name: string, base: string, head: string) => runBench(join(workspace.dir, name), CONFIG, { ...FILES, env: { FLAKEBENCH_BASE: base, FLAKEBENCH_HEAD: head } })

test('A/A: the same revision on both sides does exactly the same work', { timeout: 300_000 }, async () => {
  const run = await compare('a-a', generations.baseRef, generations.baseRef)
  const summary = (await readResults(run.resultsJson)).baseAgainstHead
  expect(summary, run.output).toBeTruthy()
  expect(summary!.benches.map((bench) => bench.key)).toEqual(['cold-flake-show', 'warm-flake-show', 'flake-check', 'host-evaluation/vps', 'host-evaluation/darwin-1'])
  for (const bench of summary!.benches) {
    for (const counter of bench.counters) expect(counter.difference, `${bench.key} ${counter.counter}`).toBe(0)
  }
  for (const host of summary!.work) for (const file of host.files) expect([file.file, file.headCalls, file.headSelections]).toEqual([file.file, file.baseCalls, file.baseSelections])
  for (const closure of summary!.closures) expect(closure).toMatchObject({ added: [], removed: [], changed: [], basePaths: closure.headPaths, baseBytes: closure.headBytes })
  // Timing verdicts of an A/A run are proven on synthetic samples (side-by-side.test.ts); on this loaded machine only the exact rule is certain.
  expect(summary!.rulesFired.filter((rule) => rule.rule === 'work grew')).toEqual([])
  if (run.exitCode !== 0) expect(summary!.rulesFired.every((rule) => rule.rule === 'slower'), run.output).toBe(true)
})

test('a head with more modules: the work grows, the added files show in the per-file difference, never "faster"; the run fails by the work rule', { timeout: 300_000 }, async () => {
  const run = await compare('grown', generations.baseRef, generations.headRef)
  const results = await readResults(run.resultsJson)
  const summary = results.baseAgainstHead!
  expect(summary, run.output).toBeTruthy()
  expect(run.exitCode, run.output).toBe(1)
  for (const bench of summary.benches.filter((candidate) => candidate.key !== 'warm-flake-show')) {
    expect(bench.counters.find((counter) => counter.counter === 'nrFunctionCalls')!.difference, bench.key).toBeGreaterThan(0)
    expect(bench.verdict, bench.key).not.toBe('faster')
  }
  expect(summary.rulesFired.filter((rule) => rule.rule === 'work grew').map((rule) => rule.key)).toEqual(['cold-flake-show', 'flake-check', 'host-evaluation/vps', 'host-evaluation/darwin-1'])
  for (const host of summary.work) {
    // No file of the flake lost work, and modules of the head alone (07…96) are there with nothing on the base's side.
    expect(host.files.filter((file) => file.headCalls + file.headSelections < file.baseCalls + file.baseSelections)).toEqual([])
    const added = host.files.filter((file) => /^modules\/common\/service-(0[7-9]|[1-9]\d)\.nix$/.test(file.file))
    expect(added.length, host.host).toBeGreaterThan(0)
    for (const file of added) expect([file.baseCalls, file.baseSelections]).toEqual([0, 0])
  }
  for (const closure of summary.closures) {
    expect(closure.headPaths, closure.host).toBeGreaterThan(closure.basePaths)
    expect(closure.added.length, closure.host).toBe(closure.headPaths - closure.basePaths)
    expect(closure.headBytes).toBeGreaterThan(closure.baseBytes)
  }
  const markdown = await readFile(run.markdown, 'utf8')
  expect(markdown).toContain('## Base against head\n\n❌ **The head fails**: ')
})

test('a head that does not evaluate fails with Nix\'s error, and says it was the head', { timeout: 300_000 }, async () => {
  const git = (...args: string[]) => runChecked({ file: 'git', args: ['-C', generations.dir, ...args], timeoutMs: 60_000 })
  await git('checkout', '--quiet', '-b', 'broken')
  await writeFile(join(generations.dir, 'modules', 'common', 'broken.nix'), '{ config, ... }: { this is not nix\n')
  await git('add', '--all')
  await git('-c', 'user.name=t', '-c', 'user.email=t@localhost', '-c', 'commit.gpgsign=false', 'commit', '--quiet', '--message', 'broken')
  const revision = (await git('rev-parse', 'HEAD')).trim()
  await git('checkout', '--quiet', '-')
  const run = await compare('broken', generations.baseRef, `git+file://${generations.dir}?ref=broken&rev=${revision}`)
  expect(run.exitCode, run.output).toBe(1)
  const results = await readResults(run.resultsJson)
  const failed = results.benchmarks.filter((bench) => bench.status === 'failed')
  expect(failed, run.output).toHaveLength(1)
  const error = failed[0]!.status === 'failed' ? failed[0]!.error : null
  expect(error!.message).toMatch(/^the head does not evaluate: `nix flake show --json git\+file:\/\/.*\?ref=broken&rev=[0-9a-f]{40}` failed with exit code 1/)
  expect(error!.stderrTail).toContain('syntax error')
  expect(results.baseAgainstHead).toBeUndefined()
})
