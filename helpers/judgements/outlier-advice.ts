import type { Summary } from '../model/results-schema.ts'
import { MODIFIED_Z_LIMIT } from '../statistics/outliers.ts'

/**
 * A warning with what to try, or null. A first sample that is both an outlier and the slowest points at a cold
 * start (caches, page cache, JIT), which a warmup iteration absorbs; other outliers point at interference.
 */
export function outlierWarning(summary: Summary, label: string, firstSampleMs?: number): string | null {
  const count = summary.outlierIndices.length
  if (count === 0) return null
  const slowFirst = summary.outlierIndices[0] === 0 && firstSampleMs === summary.maxMs
  if (slowFirst && count === 1) {
    return `the first sample of "${label}" is a slow outlier (modified z-score > ${MODIFIED_Z_LIMIT}): it likely paid for a cold start; add a warmup iteration.`
  }
  const found = `${count} of ${summary.n} samples of "${label}" ${count === 1 ? 'is an outlier' : 'are outliers'} (modified z-score > ${MODIFIED_Z_LIMIT})`
  if (slowFirst) {
    return `${found}, the first being the slowest: add a warmup iteration first for the cold start; if outliers remain, close other programs or raise the iteration count.`
  }
  return `${found}: close other programs, raise the iteration count, or add a warmup iteration.`
}
