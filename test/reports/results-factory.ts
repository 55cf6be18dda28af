import type { BenchOutcome, MeasuredBench, PerformanceResults, Sample } from '../../helpers/model/results-schema.ts'
import { summarize } from '../../helpers/statistics/summarize.ts'

/** Hand-built results for renderer and schema tests: fixed values, no measurement. */

export function sample(wallMs: number, counters: Record<string, number> | null = null): Sample {
  return { wallMs, userCpuMs: wallMs / 2, systemCpuMs: wallMs / 4, peakRssKb: 25_600, exitCode: 0, counters }
}

export function measuredBench(overrides: Partial<MeasuredBench> & { samplesMs?: number[] } = {}): MeasuredBench {
  const { samplesMs = [100, 110, 105, 95, 120, 101], ...rest } = overrides
  const samples = rest.samples ?? samplesMs.map((wallMs) => sample(wallMs, { nrFunctionCalls: 1000, cpuTime: 0.05, 'gc.heapSize': 402_653_184 }))
  return {
    id: 'flake-evaluation/cold-flake-show',
    concern: 'flake evaluation',
    name: 'cold nix flake show',
    host: null,
    command: ['nix', 'flake', 'show', '--json', '/tmp/fixture'],
    pairKey: 'nix flake show',
    status: 'measured',
    cacheState: { intended: 'cold', verifiedBy: 'caches emptied before each sample' },
    samples,
    statistics: summarize(samples.map((entry) => entry.wallMs)),
    threshold: { statistic: 'median', limitMs: 120_000, source: 'seed 000' },
    verdict: { status: 'pass', measuredMs: 102.5, limitMs: 120_000, sentence: 'cold nix flake show: median 103 ms is within the limit of 2 min 00 s (limit: seed 000)' },
    warnings: [],
    facts: {},
    ...rest,
  }
}

export function performanceResults(benchmarks: BenchOutcome[], overrides: Partial<PerformanceResults> = {}): PerformanceResults {
  return {
    schemaVersion: 1,
    run: { startedAt: '2026-11-23T01:00:00.000Z', finishedAt: '2026-11-23T01:00:09.000Z', status: 'passed', errors: [] },
    provenance: {
      machine: { cpuModel: 'AMD EPYC', physicalCores: 2, logicalCores: 2, memoryBytes: 25_769_803_776, os: 'Debian GNU/Linux 12', kernel: '6.1.0', arch: 'x64' },
      nix: { implementation: 'nix', version: '2.8.0', versionLine: 'nix (Nix) 2.8.0' },
      dirtyTreeEvalCache: { status: 'cached', answeredOnRun: 3, runsPerTree: 4, command: ['nix', 'flake', 'show', '--json', '<probe flake>'] },
      nodeVersion: 'v22.23.3',
      vitestVersion: '5.1.1',
      flakebenchRevision: 'abc123',
    },
    target: { kind: 'fixture', flakeRef: '/tmp/fixture', fixtureShape: { modules: 29, nixosHosts: 1, darwinHosts: 4 }, revision: 'def456' },
    mode: { profile: 'standard', deploy: 'test-hosts', terraform: 'embedded', storePathsDeleted: 'fixture source' },
    harnessFloor: { command: ['true'], medianMs: 5, madMs: 0.2, n: 20 },
    benchmarks,
    cacheEffectiveness: [],
    speedUps: [],
    scaling: [],
    comparison: null,
    trend: [],
    findings: [],
    ...overrides,
  }
}
