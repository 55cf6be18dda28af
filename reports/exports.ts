import type { MeasuredBench, PerformanceResults } from '../helpers/model/results-schema.ts'

const label = (bench: MeasuredBench) => (bench.host ? `${bench.name} (${bench.host})` : bench.name)
const measured = (results: PerformanceResults) => results.benchmarks.filter((bench): bench is MeasuredBench => bench.status === 'measured')

/** github-action-benchmark's `customSmallerIsBetter` input: a list of {name, unit, value, range, extra}. */
export function githubActionBenchmark(results: PerformanceResults): Array<{ name: string; unit: string; value: number; range: string; extra: string }> {
  return measured(results).map((bench) => ({
    name: `${bench.concern}: ${label(bench)}`,
    unit: 'ms',
    value: bench.statistics.medianMs,
    range: `± ${bench.statistics.madMs.toPrecision(3)} (MAD)`,
    extra: `median of ${bench.statistics.n} samples; id ${bench.id}`,
  }))
}

/**
 * Bencher Metric Format: benchmark name → measure → {value, lower_value, upper_value}. Bencher's built-in
 * `latency` measure is in nanoseconds; the bounds are the 95 % interval of the median (else of the mean).
 */
export function bencherMetricFormat(results: PerformanceResults): Record<string, { latency: { value: number; lower_value: number; upper_value: number } }> {
  const nanoseconds = (ms: number) => ms * 1e6
  return Object.fromEntries(measured(results).map((bench) => {
    const { medianMs, medianCi95Ms, meanCi95Ms, minMs, maxMs } = bench.statistics
    const [lowMs, highMs] = medianCi95Ms ?? meanCi95Ms ?? [minMs, maxMs]
    return [bench.id, { latency: { value: nanoseconds(medianMs), lower_value: nanoseconds(Math.min(lowMs, medianMs)), upper_value: nanoseconds(Math.max(highMs, medianMs)) } }]
  }))
}
