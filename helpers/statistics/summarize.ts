import type { Summary } from '../model/results-schema.ts'
import { median } from './median.ts'
import { outlierIndices } from './outliers.ts'

// t(0.975, df) for df 1…30, 40, 60, 120 from Pearson & Hartley, Biometrika Tables for Statisticians vol. 1 (same in NIST/SEMATECH e-Handbook §1.3.6.7.2).
const T_975: ReadonlyArray<[df: number, t: number]> = [
  [1, 12.706], [2, 4.303], [3, 3.182], [4, 2.776], [5, 2.571], [6, 2.447], [7, 2.365], [8, 2.306], [9, 2.262],
  [10, 2.228], [11, 2.201], [12, 2.179], [13, 2.16], [14, 2.145], [15, 2.131], [16, 2.12], [17, 2.11], [18, 2.101],
  [19, 2.093], [20, 2.086], [21, 2.08], [22, 2.074], [23, 2.069], [24, 2.064], [25, 2.06], [26, 2.056], [27, 2.052],
  [28, 2.048], [29, 2.045], [30, 2.042], [40, 2.021], [60, 2.0], [120, 1.98],
]
const LARGEST_TABULATED_DF = 120
const NORMAL_975 = 1.96

/** Two-sided 95 % Student's t quantile; between tabulated rows the smaller df is used, which widens the interval rather than narrowing it. */
export function tQuantile975(df: number): number {
  if (df > LARGEST_TABULATED_DF) return NORMAL_975
  return T_975.findLast(([tabulatedDf]) => tabulatedDf <= df)![1]
}

/**
 * Summary statistics of samples in run order (outlier indices refer to that order). With the samples' resolution,
 * a median below it is flagged: it is known only to be under the resolution.
 */
export function summarize(valuesMs: readonly number[], resolutionMs?: number): Summary {
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
    madMs: median(valuesMs.map((value) => Math.abs(value - medianMs)).sort((a, b) => a - b)),
    cv: meanMs === 0 ? 0 : sdMs / meanMs,
    meanCi95Ms: margin === null ? null : [meanMs - margin, meanMs + margin],
    medianCi95Ms: medianConfidenceInterval(sorted),
    outlierIndices: outlierIndices(valuesMs),
    ...(resolutionMs === undefined ? {} : { resolutionMs, belowResolution: medianMs < resolutionMs }),
  }
}

/**
 * Distribution-free 95 % interval of the median from order statistics: the largest j whose ranks (j, n−j+1) keep
 * the exact Binomial(n, ½) coverage P(j ≤ B ≤ n−j) = 1 − 2·P(B ≤ j−1) at or above 95 %, i.e. 40·Σ_{k<j} C(n, k) ≤ 2ⁿ.
 * Integers (BigInt) keep it exact and free of the underflow 2⁻ⁿ hits past n ≈ 1074. Five samples reach at most
 * 93.75 %, so fewer than six give null.
 */
export function medianConfidenceInterval(sorted: readonly number[]): [number, number] | null {
  const n = sorted.length
  const outcomes = 2n ** BigInt(n)
  let binomial = 1n // C(n, rank)
  let lowerTail = 0n // Σ_{k<rank} C(n, k)
  let rank = 0
  while (rank < Math.floor(n / 2)) {
    lowerTail += binomial
    if (40n * lowerTail > outcomes) break
    rank += 1
    binomial = (binomial * BigInt(n - rank + 1)) / BigInt(rank)
  }
  return rank === 0 ? null : [sorted[rank - 1]!, sorted[n - rank]!]
}
