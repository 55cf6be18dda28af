import type { BenchOutcome, FailedBench, MeasuredBench, PerformanceResults, SkippedBench } from '../../helpers/model/results-schema.ts'

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

export function firstLine(text: string): string {
  return text.split('\n')[0] ?? ''
}

/** A table cell for a value that may be missing: the formatted value, or a dash. */
export function cell(value: number | null, format: (value: number) => string): string {
  return value === null ? '—' : format(value)
}
