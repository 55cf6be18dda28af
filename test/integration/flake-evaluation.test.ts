import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { readResults } from '../../reports/results-file.ts'
import type { PerformanceResults } from '../../helpers/model/results-schema.ts'
import { formatMedian, formatPct } from '../../helpers/model/format.ts'
import { benchWorkspace, expectSummaryRows, QUICK_CONFIG, restrictedPath, runBench, terminalSummary } from './bench-run.ts'

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
    expect(['cached', 'not cached'], 'probed, not assumed').toContain(results.provenance.dirtyTreeEvalCache?.status)
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
    expect(markdown).toMatch(/\| Eval cache, dirty git tree \| (cached|not cached) \(probed: /)
    for (const bench of results.benchmarks) {
      if (bench.status !== 'measured') throw new Error(`${bench.id} was not measured: ${JSON.stringify(bench)}`)
      expect(bench.samples, bench.id).toHaveLength(2)
      expect(markdown, `PERFORMANCE.md shows the median of ${bench.id} (or that it is below resolution)`).toContain(formatMedian(bench.statistics))
    }
    // The run ends with flakebench's own summary: a row per bench, then the files written.
    const summary = terminalSummary(run.output)
    expect(summary[0]).toMatch(new RegExp(`^flakebench summary: run passed; ${results.benchmarks.length} measured \\(\\d+ within limit, 0 over limit(, \\d+ without limit)?\\), 0 failed, 0 skipped$`))
    expectSummaryRows(summary, results)
    expect(summary.slice(-5).map((line) => line.trim())).toEqual([`flakebench: wrote ${run.resultsJson}`, join(workspace.dir, 'charts'), run.markdown, join(workspace.dir, 'github-action.json'), join(workspace.dir, 'bmf.json')])
    // The cold/warm pair's chart, written beside PERFORMANCE.md and linked from it: one point per sample.
    expect(markdown).toContain('](charts/cache-effectiveness-nix-flake-show.svg)')
    const chart = await readFile(join(workspace.dir, 'charts/cache-effectiveness-nix-flake-show.svg'), 'utf8')
    expect(chart.match(/aria-roledescription="point"/g), 'a point per cold and warm sample').toHaveLength(4)
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
    expect(run.output).toMatch(/warm nix flake show: median .* is over the limit of 1\.00 µs by .* % \(limit: config \(warm-flake-show\.threshold\)\)/)
    const results = await readResults(run.resultsJson)
    expect(results.run.status).toBe('failed')
    const warm = results.benchmarks.find((bench) => bench.id === 'flake-evaluation/warm-flake-show')
    expect(warm).toMatchObject({ status: 'measured', verdict: { status: 'fail', limitMs: 0.001 } })
    const summary = terminalSummary(run.output)
    expect(summary[0]).toMatch(/^flakebench summary: run failed; /)
    expectSummaryRows(summary, results)
    expect(summary).toContain('Over the limit (1):')
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
    expect(results.provenance.dirtyTreeEvalCache).toBeNull()
    expect(results.benchmarks.length).toBeGreaterThan(0)
    for (const bench of results.benchmarks) expect(bench).toMatchObject({ status: 'failed', error: { message: 'nix was not found on PATH' } })
    const summary = terminalSummary(run.output)
    expectSummaryRows(summary, results)
    expect(summary).toContain(`Failed (${results.benchmarks.length}):`)
    expect(summary.filter((line) => line.endsWith(': nix was not found on PATH'))).toHaveLength(results.benchmarks.length)
  })
})

describe('comparison with a saved baseline (real runs)', { timeout: 300_000 }, () => {
  test('a baseline far faster than this machine can run makes the run a regression: exit 1, verdict with interval, reports written', async () => {
    // Three samples a side: the fewest for which a comparison gives an interval.
    const run = await runBench(workspace.dir, { ...QUICK_CONFIG, iterations: 3 }, { files: ['bench/flake-evaluation.bench.ts'] })
    expect(run.exitCode, run.output).toBe(0)
    // The baseline: this very run with every sample of a bench at a twentieth of its fastest. A slowdown of a few
    // tens of percent is a statistical claim (proven on synthetic samples in change.test.ts); a few real samples of
    // a shared machine cannot prove it (warm `nix flake show` varied by ±27 % at n = 3).
    const measured = await readResults(run.resultsJson)
    const baselineMs = new Map<string, number>()
    const faster = {
      ...measured,
      // A bench whose fastest sample read 0 ms (below what the harness resolves) has no faster baseline: left out.
      benchmarks: measured.benchmarks.flatMap((bench): PerformanceResults['benchmarks'] => {
        if (bench.status !== 'measured') return [bench]
        const fastestMs = Math.min(...bench.samples.map((sample) => sample.wallMs))
        if (fastestMs <= 0) return []
        baselineMs.set(bench.id, fastestMs / 20)
        return [{
          ...bench,
          samples: bench.samples.map((sample) => ({ ...sample, wallMs: fastestMs / 20 })),
          statistics: { ...bench.statistics, medianMs: fastestMs / 20 },
        }]
      }),
    }
    await writeFile(join(workspace.dir, 'baseline.json'), JSON.stringify(faster))
    const compared = await runBench(workspace.dir, { ...QUICK_CONFIG, iterations: 3 }, { files: ['bench/flake-evaluation.bench.ts'] })
    expect(compared.exitCode, compared.output).toBe(1)
    const results = await readResults(compared.resultsJson)
    expect(results.run.status).toBe('failed')
    expect(results.comparison?.status).toBe('compared')
    if (results.comparison?.status !== 'compared') return
    const entries = results.comparison.entries
    const unmeasured = results.benchmarks.filter((bench) => bench.status !== 'measured')
    expect(entries.map((entry) => entry.id).sort(), `compared: ${JSON.stringify({ unmeasured, missing: results.comparison.missing })}`).toEqual([...baselineMs.keys()].sort())
    // Every interval's low end is at least the fastest new sample over the baseline's value, so a bench whose
    // fastest sample is over 1.1 times it (10 % tolerance, 3 % noise floor) is a regression whatever the noise.
    // Only a sample read below an 18th of the first run's fastest escapes that, which no real slowdown or speed-up
    // of this machine does (a sample near 0 is the harness floor's matter, not the comparison's).
    const fastestMs = (id: string) => {
      const bench = results.benchmarks.find((entry) => entry.id === id)
      return bench?.status === 'measured' ? Math.min(...bench.samples.map((sample) => sample.wallMs)) : 0
    }
    for (const entry of entries) {
      if (fastestMs(entry.id) <= 1.1 * baselineMs.get(entry.id)!) continue
      expect(entry, `${entry.id}: ${JSON.stringify(entry)}`).toMatchObject({ verdict: 'slower', regression: true, ciPct: [expect.any(Number), expect.any(Number)] })
      expect(compared.output).toContain(`flakebench: regression: ${entry.name} is ${formatPct(entry.changePct)} slower than the baseline (95 % CI `)
    }
    // Cold evaluation (hundreds of ms) is far above anything the harness subtracts: it must be among them.
    expect(entries.find((entry) => entry.id === 'flake-evaluation/cold-flake-show')).toMatchObject({ verdict: 'slower', regression: true })
    expect(await readFile(compared.markdown, 'utf8')).toContain('## Compared with the baseline')
    expect(JSON.parse(await readFile(join(workspace.dir, 'github-action.json'), 'utf8')).length).toBeGreaterThan(0)
    expect((await readFile(join(workspace.dir, 'history.jsonl'), 'utf8')).trimEnd().split('\n').length).toBeGreaterThanOrEqual(2)
  })

  test('a corrupt baseline is a clear error naming the file, and it is left as it was', async () => {
    await writeFile(join(workspace.dir, 'baseline.json'), '{"schemaVersion": 1, "run": ')
    const run = await runBench(workspace.dir, { ...QUICK_CONFIG, iterations: 1 }, { files: ['bench/harness-floor.bench.ts'] })
    expect(run.exitCode).toBe(1)
    expect(run.output).toContain(`flakebench: ${join(workspace.dir, 'baseline.json')} is not valid JSON`)
    expect(await readFile(join(workspace.dir, 'baseline.json'), 'utf8')).toBe('{"schemaVersion": 1, "run": ')
  })
})

test('each host\'s evaluated drvPath is kept as a fact of its bench, for the baseline comparison', { timeout: 300_000 }, async () => {
  const run = await runBench(workspace.dir, { ...QUICK_CONFIG, iterations: 1, baseline: { path: join(workspace.dir, 'no-baseline.json') } }, { files: ['bench/flake-evaluation.bench.ts'] })
  expect(run.exitCode, run.output).toBe(0)
  const results = await readResults(run.resultsJson)
  const vps = results.benchmarks.find((bench) => bench.id === 'flake-evaluation/host-evaluation/vps')
  expect(vps?.status === 'measured' && vps.facts.drvPath).toMatch(/^\/nix\/store\/[a-z0-9]{32}-nixos-system-vps\.drv$/)
})
