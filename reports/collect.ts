import type { TestError } from 'vitest'
import type { TestCase, TestModule, TestRunEndReason } from 'vitest/node'
import { runResolution } from '../helpers/environment/run-resolution.ts'
import { describeSerializedError } from '../helpers/errors.ts'
import { runStatus } from '../helpers/judgements/run-status.ts'
import type {
  BenchOutcome,
  CacheEffectiveness,
  FailedBench,
  HarnessFloor,
  MeasuredBench,
  NixVersions,
  PerformanceResults,
  Provenance,
  RunMode,
  SpeedUp,
  Target,
} from '../helpers/model/results-schema.ts'
import { RESULTS_SCHEMA_VERSION } from '../helpers/model/results-schema.ts'

const BENCH_FILE = /\.(bench|benchmark)\.[cm]?[jt]sx?$/

/** The id of the bench whose median is the harness floor (bench/harness-floor.bench.ts). */
export const HARNESS_FLOOR_ID = 'harness/floor'

export interface RunFacts {
  startedAt: Date
  finishedAt: Date
  reason: TestRunEndReason
  errors: readonly string[]
  provenance: Provenance
  mode: RunMode
}

/** Benchmark files among the modules; a plain `vitest run` of unit tests has none and writes no results. */
export function benchModules(modules: ReadonlyArray<TestModule>): TestModule[] {
  return modules.filter((module) => isBenchFile(module.moduleId))
}

export function isBenchFile(moduleId: string): boolean {
  return BENCH_FILE.test(moduleId)
}

/** Everything the bench tests recorded, in run order, turned into the results document. */
export function collectResults(modules: ReadonlyArray<TestModule>, facts: RunFacts): PerformanceResults {
  const tests = benchModules(modules).flatMap((module) => [...module.children.allTests()])
  const nix = facts.provenance.nix
  // A bench that did not name its Nix ran on the run's first, the one on PATH.
  const benchmarks = tests.flatMap(outcomesOf).map((bench) => (bench.nix || !nix ? bench : { ...bench, nix: { label: nix.label ?? 'system', implementation: nix.implementation, version: nix.version } }))
  const moduleErrors = benchModules(modules).flatMap((module) => module.errors().map((error) => `${module.moduleId}: ${error.message}`))
  const baseAgainstHead = tests.map((test) => test.meta().flakebenchBaseAgainstHead).find((compared) => compared !== undefined) ?? null
  const copyModel = tests.map((test) => test.meta().flakebenchCopyModel).find((model) => model !== undefined)
  const errors = [...facts.errors, ...moduleErrors]
  return {
    schemaVersion: RESULTS_SCHEMA_VERSION,
    run: {
      startedAt: facts.startedAt.toISOString(),
      finishedAt: facts.finishedAt.toISOString(),
      status: runStatus({ endReason: facts.reason, benchmarks, errors, comparison: null, baseAgainstHead }),
      errors,
    },
    provenance: { ...facts.provenance, resolution: runResolution(benchmarks) },
    mode: facts.mode,
    target: tests.map((test) => test.meta().flakebenchTarget).find((target): target is Target => target !== undefined) ?? null,
    harnessFloor: harnessFloor(benchmarks),
    benchmarks,
    cacheEffectiveness: cacheEffectiveness(benchmarks),
    speedUps: speedUps(benchmarks),
    scaling: tests.flatMap((test) => test.meta().flakebenchScaling ?? []),
    comparison: null,
    ...(baseAgainstHead ? { baseAgainstHead } : {}),
    ...(copyModel ? { copyModel } : {}),
    trend: [],
    findings: [],
    nixVersions: mergeNixVersions(tests.flatMap((test) => test.meta().flakebenchNixVersions ?? [])),
  }
}

/** Each matrix test records its own rows; the report has one matrix (builds and method are the same in each). */
export function mergeNixVersions(parts: readonly NixVersions[]): NixVersions | null {
  const [first] = parts
  return first ? { ...first, rows: parts.flatMap((part) => part.rows) } : null
}

/**
 * A test's recorded outcomes. A test that recorded none (it was skipped, or failed before measuring, e.g. nix
 * missing) still gets a row, and a test that failed for a reason its outcomes do not show gets a failed row too.
 */
export function outcomesOf(test: TestCase): BenchOutcome[] {
  const recorded = test.meta().flakebench ?? []
  const result = test.result()
  const identity = { id: test.fullName, concern: concernOf(test), name: test.name, host: null, command: null, pairKey: null }
  if (result.state === 'skipped' && recorded.length === 0) {
    return [{ ...identity, status: 'skipped', reason: result.note ?? 'not run in this invocation (filtered out or skipped by Vitest)' }]
  }
  const explained = recorded.some((outcome) => outcome.status === 'failed' || (outcome.status === 'measured' && outcome.verdict.status === 'fail'))
  if (result.state === 'failed' && !explained) {
    return [...recorded, {
      ...identity,
      status: 'failed',
      error: describeTestErrors(result.errors),
      samples: [],
      statistics: null,
      threshold: null,
      verdict: { status: 'none' },
    }]
  }
  return recorded
}

/** A bench file's outermost describe names its concern. */
function concernOf(test: TestCase): string {
  let suite = test.parent
  while (suite.type === 'suite' && suite.parent.type === 'suite') suite = suite.parent
  return suite.type === 'suite' ? suite.name : 'other'
}

/** The first error of a failed test, as data. */
function describeTestErrors(errors: ReadonlyArray<TestError>): FailedBench['error'] {
  const [first] = errors
  return first ? describeSerializedError(first) : { message: 'the test failed', hint: null, stderrTail: null }
}

/**
 * The floor bench's median as every bench reads it (the wrapper's cost subtracted), and spawn to exit before that
 * subtraction: the same samples shifted by one constant, so the raw median is the median plus that cost.
 */
export function harnessFloor(benchmarks: readonly BenchOutcome[]): HarnessFloor | null {
  const floor = benchmarks.find((bench) => bench.id === HARNESS_FLOOR_ID)
  if (!floor || floor.status !== 'measured') return null
  const { medianMs, madMs, n } = floor.statistics
  const resolution = floor.resolution
  if (!resolution) return { command: floor.command ?? [], medianMs, madMs, n }
  return {
    command: floor.command ?? [],
    medianMs,
    madMs,
    n,
    rawMedianMs: medianMs + (resolution.wrapperCost?.costMs ?? 0),
    resolutionMs: resolution.resolutionMs,
    belowResolution: medianMs < resolution.resolutionMs,
  }
}

/** Pairs a cold and a warm measured bench sharing a pairKey: the seed report's "cache improvement". */
export function cacheEffectiveness(benchmarks: readonly BenchOutcome[]): CacheEffectiveness[] {
  const measured = benchmarks.filter((bench) => bench.status === 'measured' && bench.pairKey !== null)
  const pairs: CacheEffectiveness[] = []
  for (const cold of measured) {
    if (cold.status !== 'measured' || cold.cacheState.intended !== 'cold') continue
    const warm = measured.find((bench) => bench.status === 'measured' && bench.cacheState.intended === 'warm' && bench.pairKey === cold.pairKey && bench.host === cold.host)
    if (!warm || warm.status !== 'measured') continue
    const coldMedianMs = cold.statistics.medianMs
    const warmMedianMs = warm.statistics.medianMs
    pairs.push({
      pairKey: cold.pairKey!,
      coldId: cold.id,
      warmId: warm.id,
      coldMedianMs,
      warmMedianMs,
      improvementPct: ((coldMedianMs - warmMedianMs) / coldMedianMs) * 100,
    })
  }
  return pairs
}

/** Two measured benches sharing a pairKey and a cache state: the first recorded is the baseline. */
export function speedUps(benchmarks: readonly BenchOutcome[]): SpeedUp[] {
  const byKey = new Map<string, MeasuredBench[]>()
  for (const bench of benchmarks) {
    if (bench.status !== 'measured' || bench.pairKey === null) continue
    byKey.set(bench.pairKey, [...(byKey.get(bench.pairKey) ?? []), bench])
  }
  return [...byKey.entries()].flatMap(([pairKey, pair]) => {
    const [baseline, variant] = pair
    if (pair.length !== 2 || !baseline || !variant || baseline.cacheState.intended !== variant.cacheState.intended) return []
    const baselineMedianMs = baseline.statistics.medianMs
    const variantMedianMs = variant.statistics.medianMs
    return [{ pairKey, baselineId: baseline.id, variantId: variant.id, baselineMedianMs, variantMedianMs, speedUp: baselineMedianMs / variantMedianMs }]
  })
}
