import type { Summary } from '../../reports/results-schema.ts'
import { outlierIndices } from './outliers.ts'

/** Two-sided 95 % Student's t quantiles t(0.975, df) for df 1…30, from standard tables; 1.96 (normal) beyond. */
const T_975 = [
  12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131, 2.12,
  2.11, 2.101, 2.093, 2.086, 2.08, 2.074, 2.069, 2.064, 2.06, 2.056, 2.052, 2.048, 2.045, 2.042,
]
const T_975_LARGE: ReadonlyArray<[df: number, t: number]> = [[40, 2.021], [60, 2.0], [120, 1.98]]

export function tQuantile975(df: number): number {
  if (df <= T_975.length) return T_975[df - 1]!
  return T_975_LARGE.find(([limit]) => df <= limit)?.[1] ?? 1.96
}

export function median(sorted: readonly number[]): number {
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2
}

/** Summary statistics of samples in run order (outlier indices refer to that order). */
export function summarize(valuesMs: readonly number[]): Summary {
  if (valuesMs.length === 0) throw new RangeError('summarize needs at least one sample')
  if (valuesMs.some((value) => !Number.isFinite(value))) throw new RangeError(`summarize got a non-finite sample: ${valuesMs.join(', ')}`)
  const n = valuesMs.length
  const sorted = [...valuesMs].sort((a, b) => a - b)
  const meanMs = valuesMs.reduce((sum, value) => sum + value, 0) / n
  const sdMs = n > 1 ? Math.sqrt(valuesMs.reduce((sum, value) => sum + (value - meanMs) ** 2, 0) / (n - 1)) : 0
  const medianMs = median(sorted)
  const margin = n > 1 ? (tQuantile975(n - 1) * sdMs) / Math.sqrt(n) : null
  return {
    n,
    meanMs,
    medianMs,
    sdMs,
    minMs: sorted[0]!,
    maxMs: sorted[n - 1]!,
    madMs: median([...valuesMs].map((value) => Math.abs(value - medianMs)).sort((a, b) => a - b)),
    cv: meanMs === 0 ? 0 : sdMs / meanMs,
    meanCi95Ms: margin === null ? null : [meanMs - margin, meanMs + margin],
    medianCi95Ms: medianConfidenceInterval(sorted),
    outlierIndices: outlierIndices(valuesMs),
  }
}

/**
 * Distribution-free 95 % interval of the median from order statistics: the narrowest symmetric ranks (j, n−j+1)
 * whose exact Binomial(n, ½) coverage P(j ≤ B ≤ n−j) is at least 95 %. Five samples reach at most 93.75 %.
 */
export function medianConfidenceInterval(sorted: readonly number[]): [number, number] | null {
  const n = sorted.length
  if (n < 6) return null
  const pmf = binomialHalfPmf(n)
  let best: number | null = null
  for (let j = 1; j <= Math.floor(n / 2); j++) {
    let coverage = 0
    for (let k = j; k <= n - j; k++) coverage += pmf[k]!
    if (coverage >= 0.95) best = j
    else break
  }
  return best === null ? null : [sorted[best - 1]!, sorted[n - best]!]
}

function binomialHalfPmf(n: number): number[] {
  const pmf: number[] = [2 ** -n]
  for (let k = 1; k <= n; k++) pmf.push((pmf[k - 1]! * (n - k + 1)) / k)
  return pmf
}
