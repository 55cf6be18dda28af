import type { FailedBench, MeasuredBench, PerformanceResults, Sample, SkippedBench } from '../../helpers/model/results-schema.ts'
import { performanceResults } from './results-factory.ts'

/**
 * Hand-built results for renderer tests: every figure is a literal (statistics computed once from the samples),
 * so a snapshot changes only when the rendering does. Each builder takes overrides; tests validate the result.
 */

function sample(wallMs: number, cpu: { userCpuMs: number; systemCpuMs: number; peakRssKb: number }, counters: Record<string, number> | null): Sample {
  return { wallMs, ...cpu, exitCode: 0, counters }
}

const COLD_COUNTERS = {
  cpuTime: 0.981, nrThunks: 1_523_401, nrFunctionCalls: 1_204_377, 'values.number': 2_345_678,
  'gc.heapSize': 402_653_184, 'gc.totalBytes': 1_610_612_736,
}

/** `nix flake show` with the eval cache emptied: about 1.2 s, well within its 2 s threshold. */
export function fakeColdShow(overrides: Partial<MeasuredBench> = {}): MeasuredBench {
  return {
    id: 'flake-evaluation/cold-flake-show', concern: 'flake evaluation', name: 'cold nix flake show', host: null,
    command: ['nix', 'flake', 'show', '--json', '<fixture>'], pairKey: 'nix flake show',
    status: 'measured',
    cacheState: { intended: 'cold', verifiedBy: 'eval cache emptied before each sample; nrFunctionCalls > 0 after' },
    samples: [1190, 1234, 1215, 1262, 1201, 1248].map((wallMs) => sample(wallMs, { userCpuMs: 980, systemCpuMs: 160, peakRssKb: 402_000 }, COLD_COUNTERS)),
    statistics: {
      n: 6, meanMs: 1225, medianMs: 1224.5, sdMs: 27.86, minMs: 1190, maxMs: 1262, madMs: 23.5, cv: 0.0227,
      meanCi95Ms: [1195.76, 1254.24], medianCi95Ms: [1190, 1262], outlierIndices: [],
    },
    threshold: { statistic: 'median', limitMs: 2000, source: 'seed 003' },
    verdict: { status: 'pass', measuredMs: 1224.5, limitMs: 2000, sentence: 'cold nix flake show: median 1.22 s is within the limit of 2.00 s (limit: seed 003)' },
    warnings: [],
    facts: {},
    ...overrides,
  }
}

/** The same command answered by the eval cache: close to the harness floor, with a slow first sample. */
export function fakeWarmShow(overrides: Partial<MeasuredBench> = {}): MeasuredBench {
  return {
    id: 'flake-evaluation/warm-flake-show', concern: 'flake evaluation', name: 'warm nix flake show', host: null,
    command: ['nix', 'flake', 'show', '--json', '<fixture>'], pairKey: 'nix flake show',
    status: 'measured',
    cacheState: { intended: 'warm', verifiedBy: 'primed by 2 runs; nrFunctionCalls == 0 in every sample' },
    samples: [52, 38, 38.4, 37.9, 38.2, 38.6].map((wallMs) => sample(wallMs, { userCpuMs: 30, systemCpuMs: 12, peakRssKb: 61_000 }, { cpuTime: 0.012, nrThunks: 0, nrFunctionCalls: 0 })),
    statistics: {
      n: 6, meanMs: 40.52, medianMs: 38.3, sdMs: 5.63, minMs: 37.9, maxMs: 52, madMs: 0.3, cv: 0.139,
      meanCi95Ms: [34.61, 46.43], medianCi95Ms: [37.9, 52], outlierIndices: [0],
    },
    threshold: { statistic: 'median', limitMs: 100, source: 'seed 003' },
    verdict: { status: 'pass', measuredMs: 38.3, limitMs: 100, sentence: 'warm nix flake show: median 38.3 ms is within the limit of 100 ms (limit: seed 003)' },
    warnings: ['the first sample of "warm nix flake show" is a slow outlier (modified z-score > 3.5): it likely paid for a cold start; add a warmup iteration.'],
    facts: {},
    ...overrides,
  }
}

/** GNU time's cost from 50 pairs, known to ±0.18 ms. */
export const FAKE_RESOLUTION = { resolutionMs: 0.18, timerGranularityMs: 0.0003, wrapperCost: { costMs: 1.35, ci95Ms: [1.2, 1.53] as [number, number], pairs: 50 } }

/** The harness floor bench: spawning `true` through the measuring path; n < 6, so only a mean CI. */
export function fakeHarnessFloorBench(): MeasuredBench {
  return {
    id: 'harness/floor', concern: 'harness', name: 'spawn `true`', host: null, command: ['true'], pairKey: null,
    status: 'measured',
    cacheState: { intended: 'not-applicable', verifiedBy: null },
    samples: [4.2, 3.9, 4.1, 4.4, 4].map((wallMs) => sample(wallMs, { userCpuMs: 0.6, systemCpuMs: 0.9, peakRssKb: 1_800 }, null)),
    statistics: {
      n: 5, meanMs: 4.12, medianMs: 4.1, sdMs: 0.19, minMs: 3.9, maxMs: 4.4, madMs: 0.1, cv: 0.0467,
      meanCi95Ms: [3.88, 4.36], medianCi95Ms: null, outlierIndices: [], resolutionMs: 0.18, belowResolution: false,
    },
    resolution: FAKE_RESOLUTION,
    threshold: null,
    verdict: { status: 'none' },
    warnings: [],
    facts: {},
  }
}

export function fakeSkipped(overrides: Partial<SkippedBench> = {}): SkippedBench {
  return {
    id: 'builds/host-builds', concern: 'builds', name: 'host builds', host: null, command: null, pairKey: null,
    status: 'skipped',
    reason: 'no host of the fixture builds on this system (x86_64-linux)',
    ...overrides,
  }
}

/** `nix flake check` that broke after two samples, with the hint and stderr tail a CommandError carries. */
export function fakeFailed(overrides: Partial<FailedBench> = {}): FailedBench {
  return {
    id: 'flake-evaluation/flake-check', concern: 'flake evaluation', name: 'nix flake check --no-build', host: null,
    command: ['nix', 'flake', 'check', '--no-build', '<fixture>'], pairKey: null,
    status: 'failed',
    error: {
      message: '`nix flake check --no-build <fixture>` failed with exit code 1',
      hint: 'run the command by hand in the fixture to see the whole error',
      stderrTail: "error:\n       … while checking flake output 'nixosConfigurations'\n\n       error: attribute 'nixpkgs' missing\n",
    },
    samples: [2980, 3105].map((wallMs) => sample(wallMs, { userCpuMs: 2400, systemCpuMs: 300, peakRssKb: 812_000 }, null)),
    statistics: {
      n: 2, meanMs: 3042.5, medianMs: 3042.5, sdMs: 88.39, minMs: 2980, maxMs: 3105, madMs: 62.5, cv: 0.029,
      meanCi95Ms: [2248.38, 3836.63], medianCi95Ms: null, outlierIndices: [],
    },
    threshold: { statistic: 'median', limitMs: 5000, source: 'seed 004' },
    verdict: { status: 'none' },
    ...overrides,
  }
}

/** A passing run: harness floor, then a cold and warm `nix flake show` pair on a generated fixture. */
export function fakeResults(overrides: Partial<PerformanceResults> = {}): PerformanceResults {
  return performanceResults([fakeHarnessFloorBench(), fakeColdShow(), fakeWarmShow()], {
    run: { startedAt: '2026-11-23T01:00:00.000Z', finishedAt: '2026-11-23T01:02:05.000Z', status: 'passed', errors: [] },
    provenance: {
      machine: {
        cpuModel: 'AMD EPYC 7B13', physicalCores: 2, logicalCores: 4, memoryBytes: 25_769_803_776,
        os: 'Debian GNU/Linux 12 (bookworm)', kernel: '6.1.0-18-amd64', arch: 'x64',
      },
      nix: { implementation: 'nix', version: '2.18.1', versionLine: 'nix (Nix) 2.18.1' },
      dirtyTreeEvalCache: { status: 'cached', answeredOnRun: 3, runsPerTree: 4, command: ['nix', 'flake', 'show', '--json', '<probe flake>'] },
      nodeVersion: 'v22.23.3',
      vitestVersion: '5.1.1',
      flakebenchRevision: '30e2be422cfe58846cdd0444af5bb79d28d0a159',
      resolution: {
        resolutionMs: 0.18, timerGranularityMs: 0.0003, wrapperCostMs: [1.35, 1.35], pairs: [50, 50], estimates: 1,
        method: 'GNU time\'s cost per sample = median of (time true − true) over interleaved pairs',
      },
    },
    target: { kind: 'fixture', flakeRef: '<fixture>', fixtureShape: { modules: 29, nixosHosts: 1, darwinHosts: 4 }, revision: null },
    mode: { profile: 'standard', deploy: 'test-hosts', terraform: 'embedded', storePathsDeleted: 'fixture source' },
    harnessFloor: { command: ['true'], medianMs: 4.1, madMs: 0.1, n: 5, rawMedianMs: 5.45, resolutionMs: 0.18, belowResolution: false },
    cacheEffectiveness: [{
      pairKey: 'nix flake show', coldId: 'flake-evaluation/cold-flake-show', warmId: 'flake-evaluation/warm-flake-show',
      coldMedianMs: 1224.5, warmMedianMs: 38.3, improvementPct: 96.872,
    }],
    ...overrides,
  })
}
