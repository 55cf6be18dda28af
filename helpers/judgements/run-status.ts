import type { BaseAgainstHead } from '../model/base-against-head.ts'
import type { BenchOutcome, Comparison, PerformanceResults } from '../model/results-schema.ts'

export type RunStatus = PerformanceResults['run']['status']

export interface RunStatusInput {
  /** How Vitest says the run ended: 'failed' covers what no bench row shows (e.g. a hook that threw). */
  endReason: 'passed' | 'failed' | 'interrupted'
  benchmarks: readonly BenchOutcome[]
  /** Errors outside any bench: module errors, a corrupt baseline, an output that could not be written. */
  errors: readonly string[]
  comparison: Comparison | null
  /** A compare run: a rule that fired (head slower, or its exact work grown) fails the run like a threshold. */
  baseAgainstHead?: BaseAgainstHead | null
}

/**
 * The run's status, decided here only: interrupted whenever it was; otherwise failed by a failed bench, a bench
 * over its limit, a run error, a regression against the baseline or a
 * compare rule that fired; passed when none of these happened.
 */
export function runStatus(input: RunStatusInput): RunStatus {
  if (input.endReason === 'interrupted') return 'interrupted'
  const benchFailed = input.benchmarks.some((bench) => bench.status === 'failed' || (bench.status === 'measured' && bench.verdict.status === 'fail'))
  const regressed = input.comparison?.status === 'compared' && input.comparison.entries.some((entry) => entry.regression)
  const ruleFired = (input.baseAgainstHead?.rulesFired.length ?? 0) > 0
  return benchFailed || regressed || ruleFired || input.errors.length > 0 || input.endReason === 'failed' ? 'failed' : 'passed'
}
