import { describe, expect, test } from 'vitest'
import { PerformanceResultsSchema, type ComparisonEntry, type PerformanceResults } from '../../helpers/model/results-schema.ts'
import { renderTerminalSummary, SUMMARY_HEADER, SUMMARY_WIDTH_COLUMNS } from '../../reports/terminal-summary.ts'
import { fakeColdShow, fakeFailed, fakeHarnessFloorBench, fakeResults, fakeSkipped, fakeWarmShow } from './fake-results.ts'
import { measuredBench } from './results-factory.ts'

const WRITTEN = ['/work/out/performance-results.json', '/work/out/PERFORMANCE.md']

/** Renders a fake after checking it is a document the reporter could have written. */
function render(results: PerformanceResults, options: { written?: string[]; color?: boolean; widthColumns?: number } = {}): string {
  expect(PerformanceResultsSchema.parse(results), 'the fake is a valid results document').toEqual(results)
  return renderTerminalSummary(results, { written: WRITTEN, color: false, widthColumns: SUMMARY_WIDTH_COLUMNS, ...options })
}

/** Two variants of one build measured interleaved (A B A B): two outcomes, one row each. */
function interleavedPair() {
  const variant = (maxJobs: string, samplesMs: number[]) => measuredBench({
    id: `builds/parallel/vps/max-jobs-${maxJobs}`, concern: 'builds', name: `uncached build, max-jobs ${maxJobs}`, host: 'vps',
    command: ['nix', 'build', '--max-jobs', maxJobs], pairKey: 'parallel-build/vps', samplesMs,
    cacheState: { intended: 'cold', verifiedBy: 'every derivation built, nothing substituted' },
    threshold: { statistic: 'median', limitMs: 300_000, source: 'seed 003' },
    verdict: { status: 'pass', measuredMs: samplesMs[0]!, limitMs: 300_000, sentence: `uncached build, max-jobs ${maxJobs} (vps): within the limit` },
  })
  return [variant('1', [2100, 2150, 2080]), variant('auto', [1210, 1190, 1250])]
}

const OVER_LIMIT = fakeWarmShow({
  threshold: { statistic: 'median', limitMs: 30, source: 'config (warm-flake-show.threshold)' },
  verdict: { status: 'fail', measuredMs: 38.3, limitMs: 30, overByPct: 27.67, sentence: 'warm nix flake show: median 38.3 ms is over the limit of 30.0 ms by 27.7 % (limit: config (warm-flake-show.threshold))' },
})

function comparisonEntry(overrides: Partial<ComparisonEntry>): ComparisonEntry {
  return {
    id: 'flake-evaluation/cold-flake-show', name: 'cold nix flake show', baselineMedianMs: 1200, currentMedianMs: 1224.5,
    changePct: 2.04, ciPct: [-1.2, 4.9], verdict: 'unresolved', regression: false, counterChanges: [], factChanges: [], ...overrides,
  }
}

describe('renderTerminalSummary', () => {
  test('a passing run: one row per bench under its concern, then the files written', () => {
    expect(render(fakeResults())).toMatchInlineSnapshot(`
      "flakebench summary: run passed; 3 measured (2 within limit, 0 over limit, 1 without limit), 0 failed, 0 skipped

      Bench                   Median      MAD  n  Limit            Verdict
      harness
        spawn \`true\`         4.10 ms   100 µs  5  —                no limit
      flake evaluation
        cold nix flake show   1.22 s  23.5 ms  6  ≤ 2.00 s median  pass
        warm nix flake show  38.3 ms   300 µs  6  ≤ 100 ms median  pass

      flakebench: wrote /work/out/performance-results.json
                        /work/out/PERFORMANCE.md"
    `)
  })

  test('interleaved variants get a row each, with their own median and n', () => {
    const text = render(fakeResults({ benchmarks: [fakeHarnessFloorBench(), ...interleavedPair()], cacheEffectiveness: [] }))
    expect(text).toMatchInlineSnapshot(`
      "flakebench summary: run passed; 3 measured (2 within limit, 0 over limit, 1 without limit), 0 failed, 0 skipped

      Bench                                   Median      MAD  n  Limit                Verdict
      harness
        spawn \`true\`                         4.10 ms   100 µs  5  —                    no limit
      builds
        uncached build, max-jobs 1 (vps)      2.10 s  20.0 ms  3  ≤ 5 min 00 s median  pass
        uncached build, max-jobs auto (vps)   1.21 s  20.0 ms  3  ≤ 5 min 00 s median  pass

      flakebench: wrote /work/out/performance-results.json
                        /work/out/PERFORMANCE.md"
    `)
  })

  test('a bench over its limit, a failed bench with what to do, a skipped bench with its reason: rows, then each reason', () => {
    const results = fakeResults({
      run: { startedAt: '2026-11-23T01:00:00.000Z', finishedAt: '2026-11-23T01:02:05.000Z', status: 'failed', errors: [] },
      benchmarks: [fakeColdShow(), OVER_LIMIT, fakeFailed(), fakeSkipped()],
      cacheEffectiveness: [],
    })
    expect(render(results)).toMatchInlineSnapshot(`
      "flakebench summary: run failed; 2 measured (1 within limit, 1 over limit), 1 failed, 1 skipped

      Bench                          Median      MAD  n  Limit             Verdict
      flake evaluation
        cold nix flake show          1.22 s  23.5 ms  6  ≤ 2.00 s median   pass
        warm nix flake show         38.3 ms   300 µs  6  ≤ 30.0 ms median  FAIL +27.7 %
        nix flake check --no-build   3.04 s  62.5 ms  2  ≤ 5.00 s median   FAILED
      builds
        host builds                       —        —  —  —                 skipped

      Over the limit (1):
        - warm nix flake show: median 38.3 ms is over the limit of 30.0 ms by 27.7 % (limit: config (warm-flake-show.threshold))

      Failed (1):
        - nix flake check --no-build (flake evaluation): \`nix flake check --no-build <fixture>\` failed with exit code 1
          → run the command by hand in the fixture to see the whole error

      Skipped (1):
        - host builds (builds): no host of the fixture builds on this system (x86_64-linux)

      flakebench: wrote /work/out/performance-results.json
                        /work/out/PERFORMANCE.md"
    `)
  })

  test('against a baseline: the change per bench, a regression named as one, and its interval below', () => {
    const results = fakeResults({
      run: { startedAt: '2026-11-23T01:00:00.000Z', finishedAt: '2026-11-23T01:02:05.000Z', status: 'failed', errors: [] },
      comparison: {
        status: 'compared', baselineFile: '/work/flakebench-baseline.json', baselineStartedAt: '2026-11-22T01:00:00.000Z', forced: false,
        method: 'percentile bootstrap', noiseFloorPct: 3, regressionTolerancePct: 10,
        entries: [
          comparisonEntry({}),
          comparisonEntry({ id: 'flake-evaluation/warm-flake-show', name: 'warm nix flake show', baselineMedianMs: 29.4, currentMedianMs: 38.3, changePct: 30.27, ciPct: [21.5, 39.8], verdict: 'slower', regression: true }),
        ],
        missing: ['terraform/terraform-init'],
      },
    })
    expect(render(results)).toMatchInlineSnapshot(`
      "flakebench summary: run failed; 3 measured (2 within limit, 0 over limit, 1 without limit), 0 failed, 0 skipped

      Bench                   Median      MAD  n  Limit            Verdict   vs baseline
      harness
        spawn \`true\`         4.10 ms   100 µs  5  —                no limit  not in baseline
      flake evaluation
        cold nix flake show   1.22 s  23.5 ms  6  ≤ 2.00 s median  pass      +2.0 % unresolved
        warm nix flake show  38.3 ms   300 µs  6  ≤ 100 ms median  pass      +30.3 % REGRESSION

      Baseline: /work/flakebench-baseline.json (run of 2026-11-22T01:00:00.000Z).
      vs baseline: change of the median; unchanged within ±3 %, a regression beyond +10 %.
      In the baseline but not measured in this run: terraform/terraform-init.

      Regressions (1):
        - warm nix flake show is 30.3 % slower than the baseline (95 % CI 21.5 % … 39.8 %)

      flakebench: wrote /work/out/performance-results.json
                        /work/out/PERFORMANCE.md"
    `)
  })

  test('a baseline that was refused says why, and the table has no baseline column', () => {
    const text = render(fakeResults({ comparison: { status: 'refused', baselineFile: '/work/flakebench-baseline.json', reason: 'the baseline ran on Nix 2.18, this run on Nix 2.8' } }))
    expect(text).toContain('Not compared with the baseline /work/flakebench-baseline.json: the baseline ran on Nix 2.18, this run on Nix 2.8')
    expect(text).not.toContain('vs baseline')
  })

  test('an interrupted run: the finished benches, the ones never run as skipped with the reason, the run error', () => {
    const results = fakeResults({
      run: { startedAt: '2026-11-23T01:00:00.000Z', finishedAt: '2026-11-23T01:00:40.000Z', status: 'interrupted', errors: ['the run was cancelled (SIGTERM)\nsecond line not shown'] },
      benchmarks: [fakeHarnessFloorBench(), fakeColdShow(), fakeSkipped({ id: 'warm nix flake show', name: 'warm nix flake show', concern: 'flake evaluation', reason: 'not run in this invocation (filtered out or skipped by Vitest)' })],
      cacheEffectiveness: [],
    })
    expect(render(results)).toMatchInlineSnapshot(`
      "flakebench summary: run interrupted; 2 measured (1 within limit, 0 over limit, 1 without limit), 0 failed, 1 skipped
      The benches that finished are kept; those that never ran are listed as skipped.

      Bench                   Median      MAD  n  Limit            Verdict
      harness
        spawn \`true\`         4.10 ms   100 µs  5  —                no limit
      flake evaluation
        cold nix flake show   1.22 s  23.5 ms  6  ≤ 2.00 s median  pass
        warm nix flake show        —        —  —  —                skipped

      Run errors (1):
        - the run was cancelled (SIGTERM)

      Skipped (1):
        - warm nix flake show (flake evaluation): not run in this invocation (filtered out or skipped by Vitest)

      flakebench: wrote /work/out/performance-results.json
                        /work/out/PERFORMANCE.md"
    `)
  })

  test('your deploys: each target\'s sentence, and without laws the reason', () => {
    const target = {
      benchId: 'deployment/targets/web@root@vps/copy', host: 'web', link: { rttMs: 20, mbitPerS: 94 }, closure: { paths: 15, narBytes: 800_000 },
      copied: { samples: 3, ofSamples: 3, paths: 15, narBytes: 800_000, measuredMedianMs: 1500, prediction: null, errorPct: null, extrapolated: false },
      freshCopy: [], freshCopyExtrapolated: false, wholeClosureSample: null, sentence: 'web to root@vps: link 20.0 ms RTT, 94.0 Mbit/s (inside one ssh session); 3 of 3 copies sent 15 paths (781 KiB): measured 1.50 s',
    }
    const text = render(fakeResults({ deployPredictions: { laws: null, reason: 'no copy laws: set deploy.copyLawsFrom', targets: [target] } }))
    expect(text).toContain(['Your deploys:', '  Not predicted: no copy laws: set deploy.copyLawsFrom', `  - ${target.sentence}`].join('\n'))
  })

  test('nothing written: the summary says so instead of listing paths', () => {
    expect(render(fakeResults(), { written: [] }).split('\n').at(-1)).toBe('flakebench: wrote nothing (see the errors above)')
  })

  test('without colour there is no escape code; with colour the verdicts are coloured and the layout is the same', () => {
    const results = fakeResults({ benchmarks: [fakeColdShow(), OVER_LIMIT, fakeFailed(), fakeSkipped()], cacheEffectiveness: [] })
    const plain = render(results)
    const coloured = render(results, { color: true })
    expect(plain).not.toMatch(/\u001b\[/)
    expect(coloured).toContain('\u001b[32mpass\u001b[39m')
    expect(coloured).toContain('\u001b[31mFAIL +27.7 %\u001b[39m')
    expect(coloured.replace(/\u001b\[\d+m/g, '')).toBe(plain)
  })

  test('long names wrap inside the first column so that every line fits the width', () => {
    const long = fakeColdShow({ id: 'deployment/copy/long', concern: 'deployment', host: 'vps', name: 'copy closure: nix copy ssh-ng://, with substitutes on the destination, relayed (RTT 20.0 ms), a fleet of six hosts' })
    const results = fakeResults({ benchmarks: [fakeHarnessFloorBench(), long], cacheEffectiveness: [] })
    const table = render(results).split('\n\n')[1]!.split('\n')
    for (const line of table) expect(line.length, line).toBeLessThanOrEqual(SUMMARY_WIDTH_COLUMNS)
    expect(render(results, { widthColumns: 80 }).split('\n\n')[1]!.split('\n').every((line) => line.length <= 80)).toBe(true)
    expect(table.slice(-2).join('\n')).toMatchInlineSnapshot(`
      "  copy closure: nix copy ssh-ng://, with substitutes on the destination,   1.22 s  23.5 ms  6  ≤ 2.00 s median  pass
          relayed (RTT 20.0 ms), a fleet of six hosts (vps)"
    `)
  })

  test('starts with the header the integration tests look for', () => {
    expect(render(fakeResults()).startsWith(`${SUMMARY_HEADER}: run passed`)).toBe(true)
  })
})
