import type { CounterKey } from '../model/concerns.ts'
import type { BenchOutcome, ScalingSeries } from '../model/results-schema.ts'
import { mulberry32 } from './change.ts'
import { counterMedian, median } from './median.ts'
import { extrapolateAcrossModels, fitComplexity, fitModel, ratioAt4x, type ComplexityFit, type SizePoint } from './complexity.ts'

export interface SeriesInput {
  id: string
  name: string
  unit: string
  /** One measured outcome per size, in the order of `sizes`. */
  sizes: readonly number[]
  outcomes: readonly BenchOutcome[]
  /** Exact counters to fit as well, when the samples have them. */
  counters: readonly CounterKey[]
  growthLimitAt4x: number
  targets: readonly number[]
  /** Sentences about the finished points, e.g. parallel efficiency. */
  notes?: (points: ReadonlyArray<{ n: number; medianMs: number }>) => string[]
}

/** A series in numbers: what helpers/judgements/scaling-gate.ts judges (the gate, the far extrapolations). */
export interface FittedSeries extends Omit<ScalingSeries, 'gate' | 'extrapolations'> {
  largest: number
  ratioAt4x: number
  ciAt4x: [number, number] | null
  extrapolations: Extrapolation[]
}

export type Extrapolation = Omit<ScalingSeries['extrapolations'][number], 'farExtrapolationWarning' | 'predictedMs'> & { predictedMs: number }

/** Measured outcomes at several sizes → the fitted law, the ×4 ratio with its interval, extrapolations; null if a size failed. */
export function fitScalingSeries(input: SeriesInput): FittedSeries | null {
  const points = input.sizes.map((n, index) => {
    const outcome = input.outcomes[index]
    if (outcome?.status !== 'measured') return null
    const counters = Object.fromEntries(input.counters.flatMap((counter) => {
      const value = counterMedian(outcome.samples, counter)
      return value === null ? [] : [[counter, value]]
    }))
    return { n, benchId: outcome.id, medianMs: outcome.statistics.medianMs, counters }
  })
  if (points.some((point) => point === null)) return null
  const measured = points.filter((point) => point !== null)
  const timePoints = measured.map((point) => ({ n: point.n, value: point.medianMs }))
  const fit = fitComplexity(timePoints)
  const largest = Math.max(...input.sizes)
  const ratio = ratioAt4x(fit, largest)
  const samplesBySize = input.outcomes.map((outcome) => (outcome?.status === 'measured' ? outcome.samples.map((sample) => sample.wallMs) : []))
  const ciAt4x = ratioInterval(input.sizes, samplesBySize, largest)
  return {
    id: input.id,
    name: input.name,
    unit: input.unit,
    points: measured,
    fit: { model: fit.model, intercept: fit.intercept, slope: fit.slope, r2: fit.r2, normalizedRms: fit.normalizedRms, growthExponent: fit.growthExponent },
    counterFits: input.counters.flatMap((counter) => {
      const counterPoints = measured.flatMap((point) => (point.counters[counter] === undefined ? [] : [{ n: point.n, value: point.counters[counter]! }]))
      if (counterPoints.length !== measured.length) return []
      const counterFit = fitComplexity(counterPoints)
      return [{ counter, ...fitModel(counterPoints, counterFit.model) }]
    }),
    largest,
    ratioAt4x: ratio,
    ciAt4x,
    extrapolations: input.targets.map((n) => extrapolation(timePoints, fit, n, largest)),
    notes: input.notes?.(measured) ?? [],
  }
}

/** A target size: the prediction and the interval across the models that fit alike. */
export function extrapolation(points: readonly SizePoint[], fit: ComplexityFit, n: number, largest: number): Extrapolation {
  const { predicted, low, high, models } = extrapolateAcrossModels(points, fit, n)
  return {
    n,
    predictedMs: predicted,
    // A duration cannot be negative: the interval is cut at 0, where the fitted lines may cross it.
    lowMs: Math.max(0, low),
    highMs: high,
    models,
    timesLargestMeasured: n / largest,
  }
}

/** Resamples of the series for the gate's interval: each size's samples resampled, the law refitted. */
const GATE_RESAMPLES = 400

/** 95 % percentile-bootstrap interval of the ×4 ratio; null when a size has fewer than 2 samples. */
export function ratioInterval(sizes: readonly number[], samplesBySize: ReadonlyArray<readonly number[]>, largest: number, seed = 1): [number, number] | null {
  if (samplesBySize.some((samples) => samples.length < 2)) return null
  const random = mulberry32(seed)
  const ratios = Array.from({ length: GATE_RESAMPLES }, () => {
    const points = sizes.map((n, index) => {
      const samples = samplesBySize[index]!
      const resampled = Array.from(samples, () => samples[Math.floor(random() * samples.length)]!).sort((a, b) => a - b)
      return { n, value: median(resampled) }
    })
    return ratioAt4x(fitComplexity(points), largest)
  }).sort((a, b) => a - b)
  return [ratios[Math.floor(0.025 * GATE_RESAMPLES)]!, ratios[Math.ceil(0.975 * GATE_RESAMPLES) - 1]!]
}
