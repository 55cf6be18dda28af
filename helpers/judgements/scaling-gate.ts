import { FAR_EXTRAPOLATION_FACTOR } from '../config/defaults.ts'
import type { ScalingSeries } from '../model/results-schema.ts'
import { fitScalingSeries, type Extrapolation, type FittedSeries, type SeriesInput } from '../statistics/scaling-series.ts'

/** Measured outcomes at several sizes → the fitted law, the ×4 gate and extrapolations; null if a size failed. */
export function scalingSeries(input: SeriesInput): ScalingSeries | null {
  const fitted = fitScalingSeries(input)
  if (!fitted) return null
  const { id, name, unit, points, fit, counterFits, notes } = fitted
  return {
    id, name, unit, points, fit, counterFits,
    gate: scalingGate(fitted, input.growthLimitAt4x),
    extrapolations: fitted.extrapolations.map((target) => judgeExtrapolation(target, fitted.largest, unit)),
    notes,
  }
}

/** The ×4 gate: over the limit fails only when the whole interval is, so a few slow samples cannot fail a run. */
export function scalingGate(series: FittedSeries, limit: number): ScalingSeries['gate'] {
  const { ratioAt4x, ciAt4x, largest } = series
  const status = ratioAt4x <= limit ? 'pass' : ciAt4x && ciAt4x[0] <= limit ? 'unresolved' : 'fail'
  const interval = ciAt4x ? ` (95 % CI ×${ciAt4x[0].toFixed(2)} … ×${ciAt4x[1].toFixed(2)})` : ''
  const verdict = { pass: 'within', fail: 'over', unresolved: 'over, but not beyond noise:' }[status]
  const advice = status === 'unresolved' ? ' take more samples (iterations) to decide' : ''
  return {
    ratioAt4x,
    ciAt4x,
    limit,
    status,
    sentence: `${series.name}: cost at ${largest} ${series.unit}s is ×${ratioAt4x.toFixed(2)} the cost at ${largest / 4}${interval}, ${verdict} the ×${limit} limit for linear growth (best fit ${series.fit.model})${advice}`,
  }
}

/** Past the far factor a target gets a warning and no expected figure: the interval alone. */
export function judgeExtrapolation(target: Extrapolation, largest: number, unit: string): ScalingSeries['extrapolations'][number] {
  const far = target.timesLargestMeasured > FAR_EXTRAPOLATION_FACTOR
  return {
    ...target,
    predictedMs: far ? null : target.predictedMs,
    farExtrapolationWarning: far
      ? `far extrapolation: ${target.n} ${unit}s is ${target.timesLargestMeasured.toFixed(1)}× the largest size measured (${largest}), past ${FAR_EXTRAPOLATION_FACTOR}×; the fitted laws are assumed to hold that far, which nothing measured shows`
      : null,
  }
}
