import type { Threshold } from '../../reports/results-schema.ts'

/**
 * Every default in one place, each with its source. Seeds: `000` is the measured benchmark.sh report
 * (cold flake show 33.964 s, warm 0.079 s, flake check 0.783 s; targets "< 2 minutes fresh, < 30 seconds
 * cached"); `003` is the infrastructure's performance notes ("flake evaluation ~1–2 s, 29 modules").
 */

export interface BenchDefaults {
  iterations: number
  warmupIterations: number
  threshold: Threshold | null
}

export type BenchKey = keyof typeof BENCH_DEFAULTS

export const BENCH_DEFAULTS = {
  'harness-floor': {
    // hyperfine calibrates its shell spawn the same way; 20 spawns of `true` take well under a second.
    iterations: 20,
    warmupIterations: 1,
    threshold: null,
  },
  'cold-flake-show': {
    // Each cold sample re-copies and re-hashes the source: a few seconds in all on the fixture.
    iterations: 10,
    warmupIterations: 0,
    threshold: { statistic: 'median', limitMs: 120_000, source: 'seed 000: fresh setup target < 2 min (cold flake show measured 33.964 s)' },
  },
  'warm-flake-show': {
    iterations: 10,
    warmupIterations: 0,
    threshold: { statistic: 'median', limitMs: 2_000, source: 'seed 003: flake evaluation ~1–2 s with 29 modules (warm flake show measured 0.079 s in seed 000)' },
  },
  'flake-check': {
    iterations: 5,
    warmupIterations: 1,
    threshold: { statistic: 'median', limitMs: 30_000, source: 'seed 000: cached target < 30 s (flake check measured 0.783 s)' },
  },
  'host-evaluation': {
    iterations: 5,
    warmupIterations: 1,
    threshold: { statistic: 'median', limitMs: 2_000, source: 'seed 003: flake evaluation ~1–2 s with 29 modules' },
  },
} as const satisfies Record<string, BenchDefaults>

/** The embedded default fixture flake, shaped like seed 003's fleet. */
export const FIXTURE_DEFAULTS = {
  // seed 003: "pure import-tree, 29 modules"
  modules: 29,
  // seed 003: "Current Fleet: 5 machines (1 VPS + 4 darwin workstations)"
  nixosHosts: 1,
  darwinHosts: 4,
  // Small so that evaluation benches stay about evaluation; the build concern raises them.
  packageOutputBytes: 4096,
  packageCpuIterations: 1000,
}

/** A hung command is killed after this long: 2.5 × seed 000's fresh-setup target of 2 min. */
export const COMMAND_TIMEOUT_MS = 300_000

export const OUTPUT_DEFAULTS = {
  resultsJson: 'performance-results.json',
  markdown: 'PERFORMANCE.md',
}

/** Found in the working directory unless FLAKEBENCH_CONFIG names another file. */
export const CONFIG_FILE_NAME = 'flakebench.config.json'
