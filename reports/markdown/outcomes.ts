import { median } from '../../helpers/statistics/median.ts'
import type { BenchOutcome, FailedBench, MeasuredBench, PerformanceResults, SkippedBench } from '../results-schema.ts'

/** Helpers the section renderers share: names and selections of finished outcomes. */

export function benchLabel(bench: BenchOutcome): string {
  return bench.host ? `${bench.name} (${bench.host})` : bench.name
}

export function measured(results: PerformanceResults): MeasuredBench[] {
  return results.benchmarks.filter((bench): bench is MeasuredBench => bench.status === 'measured')
}

export function skipped(results: PerformanceResults): SkippedBench[] {
  return results.benchmarks.filter((bench): bench is SkippedBench => bench.status === 'skipped')
}

export function failed(results: PerformanceResults): FailedBench[] {
  return results.benchmarks.filter((bench): bench is FailedBench => bench.status === 'failed')
}

/** The median of one field over the samples that have it, or null when none has it. */
export function sampleMedian(values: ReadonlyArray<number | null | undefined>): number | null {
  const present = values.filter((value): value is number => typeof value === 'number').sort((a, b) => a - b)
  return present.length === 0 ? null : median(present)
}

export function firstLine(text: string): string {
  return text.split('\n')[0] ?? ''
}
