import { tQuantile975 } from './summarize.ts'

/** How cost may grow with size. Each model is fitted as cost = intercept + slope · f(n). */
export const COMPLEXITY_MODELS = {
  'O(1)': () => 0,
  'O(log n)': (n: number) => Math.log2(n),
  'O(n)': (n: number) => n,
  'O(n log n)': (n: number) => n * Math.log2(n),
  'O(n²)': (n: number) => n * n,
} as const

export type ComplexityModel = keyof typeof COMPLEXITY_MODELS

/**
 * A simpler model is kept unless a more complex one cuts the normalised RMS by more than this share: noise
 * alone always lets the extra curvature of n log n fit a linear series a little better.
 */
const SIMPLER_MODEL_TOLERANCE = 0.1

export interface SizePoint {
  n: number
  value: number
}

export interface ModelFit {
  model: ComplexityModel
  intercept: number
  slope: number
  /** RMS of the residuals divided by the mean value (Google Benchmark's criterion). */
  normalizedRms: number
  r2: number
}

export interface ComplexityFit extends ModelFit {
  /** Every model tried, best first. */
  candidates: ModelFit[]
  /**
   * The models the data cannot tell apart: every growing one within the tolerance of the best normalised RMS,
   * simplest first (the chosen model is the first).
   */
  alike: ModelFit[]
  /** Least-squares slope of log(value) on log(n): 1 is linear, 2 quadratic. */
  growthExponent: number
}

/** Least-squares fit of every model; the one with the lowest normalised RMS wins, simpler ones on near-ties. */
export function fitComplexity(points: readonly SizePoint[]): ComplexityFit {
  const sizes = new Set(points.map((point) => point.n))
  if (sizes.size < 3) throw new RangeError(`a complexity fit needs at least 3 distinct sizes, got ${sizes.size}`)
  if (points.some((point) => point.n <= 0 || !Number.isFinite(point.value))) throw new RangeError('sizes must be positive and values finite')
  const fits = (Object.keys(COMPLEXITY_MODELS) as ComplexityModel[]).map((model) => fitModel(points, model))
  const growing = fits.filter((fit) => fit.model === 'O(1)' || fit.slope > 0)
  const bestRms = Math.min(...growing.map((fit) => fit.normalizedRms))
  // Models are listed simplest first, so the first within tolerance of the best is the simplest adequate one.
  const alike = growing.filter((fit) => fit.normalizedRms <= bestRms * (1 + SIMPLER_MODEL_TOLERANCE) + 1e-12)
  return {
    ...alike[0]!,
    candidates: [...fits].sort((a, b) => a.normalizedRms - b.normalizedRms),
    alike,
    growthExponent: logLogSlope(points),
  }
}

export function fitModel(points: readonly SizePoint[], model: ComplexityModel): ModelFit {
  const f = COMPLEXITY_MODELS[model]
  const xs = points.map((point) => f(point.n))
  const ys = points.map((point) => point.value)
  const meanX = mean(xs)
  const meanY = mean(ys)
  const sxx = xs.reduce((sum, x) => sum + (x - meanX) ** 2, 0)
  const sxy = xs.reduce((sum, x, index) => sum + (x - meanX) * (ys[index]! - meanY), 0)
  const slope = sxx === 0 ? 0 : sxy / sxx
  const intercept = meanY - slope * meanX
  const residuals = ys.map((y, index) => y - (intercept + slope * xs[index]!))
  const sse = residuals.reduce((sum, residual) => sum + residual ** 2, 0)
  const sst = ys.reduce((sum, y) => sum + (y - meanY) ** 2, 0)
  return {
    model,
    intercept,
    slope,
    normalizedRms: meanY === 0 ? 0 : Math.sqrt(sse / ys.length) / Math.abs(meanY),
    r2: sst === 0 ? 1 : 1 - sse / sst,
  }
}

/**
 * Cost at the largest size over cost at a quarter of it, from the chosen model (inside the measured range): 4 for
 * pure linear growth, less with a fixed overhead, 16 for quadratic. Falls back to the log-log growth exponent when
 * the model predicts no positive cost at the quarter size.
 */
export function ratioAt4x(fit: ComplexityFit, largestN: number): number {
  const f = COMPLEXITY_MODELS[fit.model]
  const atQuarter = fit.intercept + fit.slope * f(largestN / 4)
  const atLargest = fit.intercept + fit.slope * f(largestN)
  return atQuarter > 0 ? atLargest / atQuarter : 4 ** fit.growthExponent
}

export interface Extrapolation {
  n: number
  predicted: number
  /** 95 % prediction interval of one new measurement at n (Student's t, m − 2 degrees of freedom). */
  low: number
  high: number
}

/** One model's prediction at a size beyond the series, with its 95 % prediction interval. */
export function extrapolate(points: readonly SizePoint[], fit: ModelFit, n: number): Extrapolation {
  const f = COMPLEXITY_MODELS[fit.model]
  const xs = points.map((point) => f(point.n))
  const m = points.length
  const meanX = mean(xs)
  const sxx = xs.reduce((sum, x) => sum + (x - meanX) ** 2, 0)
  const residualSe = Math.sqrt(points.reduce((sum, point, index) => sum + (point.value - (fit.intercept + fit.slope * xs[index]!)) ** 2, 0) / Math.max(m - 2, 1))
  const x0 = f(n)
  const predicted = fit.intercept + fit.slope * x0
  const margin = tQuantile975(Math.max(m - 2, 1)) * residualSe * Math.sqrt(1 + 1 / m + (sxx === 0 ? 0 : (x0 - meanX) ** 2 / sxx))
  return { n, predicted, low: predicted - margin, high: predicted + margin }
}

export interface ModelChoiceExtrapolation extends Extrapolation {
  /** The models whose intervals make up [low, high], the chosen one first. */
  models: ComplexityModel[]
}

/**
 * The chosen model's prediction at n, with an interval that includes the choice of model: the envelope (union) of
 * the 95 % prediction intervals of every model that fits alike (`fit.alike`). An interval from the chosen model
 * alone is conditional on a choice the data did not settle, and too narrow for it (Chatfield 1995, "Model
 * uncertainty, data mining and statistical inference", JRSS A 158; Draper 1995, JRSS B 57). Model averaging
 * (Buckland, Burnham & Augustin 1997) needs information-criterion weights, which three points and two
 * parameters do not define (AICc divides by m − k − 1 = 0); the envelope needs none and never narrows.
 */
export function extrapolateAcrossModels(points: readonly SizePoint[], fit: ComplexityFit, n: number): ModelChoiceExtrapolation {
  const intervals = fit.alike.map((model) => extrapolate(points, model, n))
  return {
    n,
    predicted: fit.intercept + fit.slope * COMPLEXITY_MODELS[fit.model](n),
    low: Math.min(...intervals.map((interval) => interval.low)),
    high: Math.max(...intervals.map((interval) => interval.high)),
    models: fit.alike.map((model) => model.model),
  }
}

function logLogSlope(points: readonly SizePoint[]): number {
  const usable = points.filter((point) => point.value > 0)
  const xs = usable.map((point) => Math.log(point.n))
  const ys = usable.map((point) => Math.log(point.value))
  const meanX = mean(xs)
  const meanY = mean(ys)
  const sxx = xs.reduce((sum, x) => sum + (x - meanX) ** 2, 0)
  return sxx === 0 ? 0 : xs.reduce((sum, x, index) => sum + (x - meanX) * (ys[index]! - meanY), 0) / sxx
}

function mean(values: readonly number[]): number {
  return values.reduce((sum, value) => sum + value, 0) / values.length
}
