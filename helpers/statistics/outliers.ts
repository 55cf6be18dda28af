import { median } from './median.ts'

/** Iglewicz & Hoaglin (1993): |0.6745 · (x − median) / MAD| > 3.5 marks an outlier. */
export const MODIFIED_Z_LIMIT = 3.5
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
