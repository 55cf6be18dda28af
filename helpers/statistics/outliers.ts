import type { Summary } from '../model/results-schema.ts'
import { median } from './median.ts'

/** Iglewicz & Hoaglin (1993): |0.6745 · (x − median) / MAD| > 3.5 marks an outlier. */
const MODIFIED_Z_LIMIT = 3.5
const MAD_TO_SD = 0.6745

/** Indices (in the given order) of samples whose modified z-score exceeds 3.5. */
export function outlierIndices(values: readonly number[]): number[] {
  const center = median([...values].sort((a, b) => a - b))
  const mad = median(values.map((value) => Math.abs(value - center)).sort((a, b) => a - b))
  // With MAD 0 most samples are identical: anything that differs from them stands out.
  const isOutlier = mad === 0
    ? (value: number) => value !== center
    : (value: number) => Math.abs((MAD_TO_SD * (value - center)) / mad) > MODIFIED_Z_LIMIT
  return values.flatMap((value, index) => (isOutlier(value) ? [index] : []))
}

/**
 * A warning with what to try, or null. A first sample that is both an outlier and the slowest points at a cold
 * start (caches, page cache, JIT), which a warmup iteration absorbs; other outliers point at interference.
 */
export function outlierWarning(summary: Summary, label: string, firstSampleMs?: number): string | null {
  const count = summary.outlierIndices.length
  if (count === 0) return null
  const slowFirst = summary.outlierIndices[0] === 0 && firstSampleMs === summary.maxMs
  if (slowFirst && count === 1) {
    return `the first sample of "${label}" is a slow outlier (modified z-score > 3.5): it likely paid for a cold start; add a warmup iteration.`
  }
  const found = `${count} of ${summary.n} samples of "${label}" ${count === 1 ? 'is an outlier' : 'are outliers'} (modified z-score > 3.5)`
  if (slowFirst) {
    return `${found}, the first being the slowest: add a warmup iteration first for the cold start; if outliers remain, close other programs or raise the iteration count.`
  }
  return `${found}: close other programs, raise the iteration count, or add a warmup iteration.`
}
