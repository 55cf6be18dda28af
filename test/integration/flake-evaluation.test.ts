import { readFile } from 'node:fs/promises'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { readResults } from '../../reports/results-file.ts'
import { formatDurationMs } from '../../reports/format.ts'
import { benchWorkspace, QUICK_CONFIG, restrictedPath, runBench } from './bench-run.ts'

let workspace: Awaited<ReturnType<typeof benchWorkspace>>
beforeAll(async () => { workspace = await benchWorkspace() })
afterAll(() => workspace.dispose())

describe('npm run bench on the fixture flake (quick config, real nix)', { timeout: 300_000 }, () => {
  test('measures every flake-evaluation bench and writes valid results and PERFORMANCE.md', async () => {
    const run = await runBench(workspace.dir, QUICK_CONFIG, { files: ['bench/flake-evaluation.bench.ts', 'bench/harness-floor.bench.ts'] })
    expect(run.exitCode, run.output).toBe(0)
    const results = await readResults(run.resultsJson)
    expect(results.run.status).toBe('passed')
    expect(results.target).toMatchObject({ kind: 'fixture', fixtureShape: { modules: 6 } })
    expect(results.provenance.nix?.implementation).toBe('nix')
    expect(results.harnessFloor?.n).toBe(2)

    const ids = results.benchmarks.map((bench) => bench.id)
    expect(ids).toEqual(expect.arrayContaining([
      'harness/floor',
      'flake-evaluation/cold-flake-show',
      'flake-evaluation/warm-flake-show',
      'flake-evaluation/flake-check',
      'flake-evaluation/host-evaluation/vps',
      'flake-evaluation/host-evaluation/darwin-1',
    ]))
    const markdown = await readFile(run.markdown, 'utf8')
    for (const bench of results.benchmarks) {
      if (bench.status !== 'measured') throw new Error(`${bench.id} was not measured: ${JSON.stringify(bench)}`)
      expect(bench.samples, bench.id).toHaveLength(2)
      expect(markdown, `PERFORMANCE.md shows the median of ${bench.id}`).toContain(formatDurationMs(bench.statistics.medianMs))
    }
    const byId = Object.fromEntries(results.benchmarks.map((bench) => [bench.id, bench]))
    const cold = byId['flake-evaluation/cold-flake-show']!
    const warm = byId['flake-evaluation/warm-flake-show']!
    if (cold.status !== 'measured' || warm.status !== 'measured') throw new Error('cold/warm not measured')
    expect(cold.cacheState.verifiedBy, 'cold state verified').not.toBeNull()
    expect(warm.cacheState.verifiedBy, 'warm state verified').not.toBeNull()
    expect(cold.samples.every((sample) => (sample.counters?.nrFunctionCalls ?? 0) > 0), 'cold samples evaluated').toBe(true)
    expect(warm.samples.every((sample) => sample.counters?.nrFunctionCalls === 0), 'warm samples answered by the eval cache').toBe(true)
    expect(results.cacheEffectiveness).toHaveLength(1)
    expect(results.cacheEffectiveness[0]!.improvementPct).toBeCloseTo(
      ((cold.statistics.medianMs - warm.statistics.medianMs) / cold.statistics.medianMs) * 100, 6)
  })

  test('a threshold below the measured value fails the run with exit code 1 and the report says so', async () => {
    const run = await runBench(workspace.dir, {
      ...QUICK_CONFIG,
      benches: { 'warm-flake-show': { threshold: { limitMs: 0.001 } } },
    }, { files: ['bench/flake-evaluation.bench.ts'] })
    expect(run.exitCode, run.output).toBe(1)
    expect(run.output).toMatch(/warm nix flake show: median .* ms is over the limit of 0\.001 ms by .* % \(limit: config \(warm-flake-show\.threshold\)\)/)
    const results = await readResults(run.resultsJson)
    expect(results.run.status).toBe('failed')
    const warm = results.benchmarks.find((bench) => bench.id === 'flake-evaluation/warm-flake-show')
    expect(warm).toMatchObject({ status: 'measured', verdict: { status: 'fail', limitMs: 0.001 } })
    expect(await readFile(run.markdown, 'utf8')).toMatch(/FAIL/)
  })

  test('without nix every bench fails with a message that says how to install it, and the report lists them', async () => {
    const path = await restrictedPath(workspace.dir, { sh: '/bin/sh', true: '/bin/true', git: '/usr/bin/git' })
    const run = await runBench(workspace.dir, QUICK_CONFIG, { files: ['bench/flake-evaluation.bench.ts'], path })
    expect(run.exitCode, run.output).toBe(1)
    expect(run.output).toContain('nix was not found on PATH')
    expect(run.output).toContain('scripts/install-system-deps.sh')
    const results = await readResults(run.resultsJson)
    expect(results.provenance.nix).toBeNull()
    expect(results.benchmarks.length).toBeGreaterThan(0)
    for (const bench of results.benchmarks) expect(bench).toMatchObject({ status: 'failed', error: { message: 'nix was not found on PATH' } })
  })
})
