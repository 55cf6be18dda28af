import { tQuantile975 } from './summarize.ts'

/**
 * The copy law, linear in its five coefficients: time = fixed + fixedPerPath × paths + RTT × (roundTrips +
 * roundTripsPerPath × paths) + bytes ÷ bandwidth × bandwidthFactor. The per-path fixed term is the client's local
 * work per path (hashing, database writes), which a slow link does not change; bandwidthFactor is the link bytes
 * per NAR byte (ssh's framing and protocol on top of the NARs), 1 for a client that sends the NARs alone.
 */
export const COPY_MODEL_TERMS = ['fixedMs', 'fixedMsPerPath', 'roundTrips', 'roundTripsPerPath', 'bandwidthFactor'] as const
export type CopyModelTerm = (typeof COPY_MODEL_TERMS)[number]

/** One copy: the link it crossed, the closure it sent, and how long it took. */
export interface CopyTiming extends CopyLink {
  wallMs: number
}

export interface CopyLink {
  rttMs: number
  paths: number
  narBytes: number
  /** The link's achieved throughput; null for an unpaced link, whose byte term is taken as 0. */
  bandwidthBytesPerMs: number | null
}

export interface Coefficient {
  estimate: number
  standardError: number
  /** 95 % confidence interval (Student's t with the fit's residual degrees of freedom). */
  low: number
  high: number
}

export interface CopyModelFit {
  coefficients: Record<CopyModelTerm, Coefficient>
  /** Residual standard deviation (ms): the scatter the law leaves unexplained. */
  residualSdMs: number
  n: number
  degreesOfFreedom: number
  /** s² (XᵀX)⁻¹, for prediction intervals. */
  covariance: number[][]
}

export interface CopyPrediction {
  predictedMs: number
  /** 95 % prediction interval for one new copy: the fit's uncertainty plus one sample's scatter. */
  lowMs: number
  highMs: number
}

function design(link: CopyLink): number[] {
  const byteTime = link.bandwidthBytesPerMs ? link.narBytes / link.bandwidthBytesPerMs : 0
  return [1, link.paths, link.rttMs, link.rttMs * link.paths, byteTime]
}

/**
 * Ordinary least squares with the classical covariance s² (XᵀX)⁻¹ (e.g. Montgomery, Peck & Vining, Introduction
 * to Linear Regression Analysis, §3.3–3.5). The grid must vary RTT, path count and bandwidth, or a term is not
 * identifiable: that is a RangeError naming what to vary.
 */
export function fitCopyModel(timings: readonly CopyTiming[]): CopyModelFit {
  const distinct = (values: number[]) => new Set(values).size
  const missing = [
    distinct(timings.map((timing) => timing.rttMs)) < 2 ? 'two or more RTTs' : null,
    distinct(timings.map((timing) => timing.paths)) < 2 ? 'closures of two or more path counts' : null,
    distinct(timings.map((timing) => timing.bandwidthBytesPerMs ?? 0)) < 2 ? 'two or more bandwidths' : null,
  ].filter((what) => what !== null)
  if (missing.length > 0) throw new RangeError(`the copy model needs ${missing.join(', ')} among its timings`)
  const p = COPY_MODEL_TERMS.length
  if (timings.length <= p) throw new RangeError(`the copy model needs more than ${p} timings, got ${timings.length}`)
  const rows = timings.map(design)
  const xtx = Array.from({ length: p }, (_, i) => Array.from({ length: p }, (_, j) => rows.reduce((sum, row) => sum + row[i]! * row[j]!, 0)))
  const xty = Array.from({ length: p }, (_, i) => rows.reduce((sum, row, k) => sum + row[i]! * timings[k]!.wallMs, 0))
  const inverse = invert(xtx)
  const beta = inverse.map((row) => row.reduce((sum, value, j) => sum + value * xty[j]!, 0))
  const residuals = rows.map((row, k) => timings[k]!.wallMs - dot(row, beta))
  const degreesOfFreedom = timings.length - p
  const variance = residuals.reduce((sum, residual) => sum + residual * residual, 0) / degreesOfFreedom
  const covariance = inverse.map((row) => row.map((value) => value * variance))
  const t = tQuantile975(degreesOfFreedom)
  const coefficients = Object.fromEntries(COPY_MODEL_TERMS.map((term, i) => {
    const standardError = Math.sqrt(covariance[i]![i]!)
    return [term, { estimate: beta[i]!, standardError, low: beta[i]! - t * standardError, high: beta[i]! + t * standardError }]
  })) as Record<CopyModelTerm, Coefficient>
  return { coefficients, residualSdMs: Math.sqrt(variance), n: timings.length, degreesOfFreedom, covariance }
}

/** The law's time for a link and closure, with the 95 % interval of one new copy there. */
export function predictCopy(fit: CopyModelFit, link: CopyLink): CopyPrediction {
  const x = design(link)
  const beta = COPY_MODEL_TERMS.map((term) => fit.coefficients[term].estimate)
  const predictedMs = dot(x, beta)
  const fitVariance = dot(x, fit.covariance.map((row) => dot(row, x)))
  const half = tQuantile975(fit.degreesOfFreedom) * Math.sqrt(fit.residualSdMs ** 2 + fitVariance)
  return { predictedMs, lowMs: predictedMs - half, highMs: predictedMs + half }
}

function dot(a: readonly number[], b: readonly number[]): number {
  return a.reduce((sum, value, i) => sum + value * b[i]!, 0)
}

/** Gauss–Jordan elimination with partial pivoting; a (near-)singular matrix is a RangeError. */
function invert(matrix: readonly number[][]): number[][] {
  const n = matrix.length
  const a = matrix.map((row, i) => [...row, ...Array.from({ length: n }, (_, j) => (i === j ? 1 : 0))])
  const scale = Math.max(...matrix.map((row, i) => Math.abs(row[i]!)))
  for (let column = 0; column < n; column++) {
    let pivot = column
    for (let row = column + 1; row < n; row++) if (Math.abs(a[row]![column]!) > Math.abs(a[pivot]![column]!)) pivot = row
    if (Math.abs(a[pivot]![column]!) <= scale * 1e-12) throw new RangeError('the copy model\'s terms are collinear in these timings: vary RTT, path count and bandwidth independently')
    ;[a[column], a[pivot]] = [a[pivot]!, a[column]!]
    const lead = a[column]![column]!
    a[column] = a[column]!.map((value) => value / lead)
    for (let row = 0; row < n; row++) {
      if (row === column) continue
      const factor = a[row]![column]!
      if (factor !== 0) a[row] = a[row]!.map((value, j) => value - factor * a[column]![j]!)
    }
  }
  return a.map((row) => row.slice(n))
}
