import type { BenchOutcome, ScalingSeries } from '../../reports/results-schema.ts'
import { medianOfPresent } from './median.ts'
import { extrapolate, fitComplexity, fitModel, ratioAt4x } from './complexity.ts'

export interface SeriesInput {
  id: string
  name: string
  unit: string
  /** One measured outcome per size, in the order of `sizes`. */
  sizes: readonly number[]
  outcomes: readonly BenchOutcome[]
  /** Exact counters to fit as well, when the samples have them. */
  counters: readonly string[]
  growthLimitAt4x: number
  targets: readonly number[]
  /** Sentences about the finished points, e.g. parallel efficiency. */
  notes?: (points: ReadonlyArray<{ n: number; medianMs: number }>) => string[]
}

/** Measured outcomes at several sizes → the fitted law, the ×4 gate and extrapolations; null if a size failed. */
export function scalingSeries(input: SeriesInput): ScalingSeries | null {
  const points = input.sizes.map((n, index) => {
    const outcome = input.outcomes[index]
    if (outcome?.status !== 'measured') return null
    const counters = Object.fromEntries(input.counters.flatMap((counter) => {
      const value = medianOfPresent(outcome.samples.map((sample) => sample.counters?.[counter]))
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
  const passed = ratio <= input.growthLimitAt4x
  const verb = passed ? 'within' : 'over'
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
    gate: {
      ratioAt4x: ratio,
      limit: input.growthLimitAt4x,
      status: passed ? 'pass' : 'fail',
      sentence: `${input.name}: cost at ${largest} ${input.unit}s is ×${ratio.toFixed(2)} the cost at ${largest / 4}, ${verb} the ×${input.growthLimitAt4x} limit for linear growth (best fit ${fit.model})`,
    },
    extrapolations: input.targets.map((n) => {
      const { predicted, low, high } = extrapolate(timePoints, fit, n)
      return { n, predictedMs: predicted, lowMs: low, highMs: high }
    }),
    notes: input.notes?.(measured) ?? [],
  }
}
