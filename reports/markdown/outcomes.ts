import type { BenchOutcome, MeasuredBench, PerformanceResults } from '../results-schema.ts'

/** Helpers the section renderers share: names and selections of finished outcomes. */

export function benchLabel(bench: BenchOutcome): string {
  return bench.host ? `${bench.name} (${bench.host})` : bench.name
}

export function measured(results: PerformanceResults): MeasuredBench[] {
  return results.benchmarks.filter((bench): bench is MeasuredBench => bench.status === 'measured')
}

export function failedThresholds(results: PerformanceResults): MeasuredBench[] {
  return measured(results).filter((bench) => bench.verdict.status === 'fail')
}

/** The median of one field over the samples that have it, or null. */
export function sampleMedian(values: ReadonlyArray<number | null | undefined>): number | null {
  const present = values.filter((value): value is number => typeof value === 'number').sort((a, b) => a - b)
  if (present.length === 0) return null
  const middle = Math.floor(present.length / 2)
  return present.length % 2 === 1 ? present[middle]! : (present[middle - 1]! + present[middle]!) / 2
}
