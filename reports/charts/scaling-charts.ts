import { formatCount, formatDurationMs } from '../../helpers/model/format.ts'
import type { BenchOutcome, ScalingSeries } from '../../helpers/model/results-schema.ts'
import { COMPLEXITY_MODELS, extrapolate, extrapolateAcrossModels, fitComplexity, type ModelFit, type SizePoint } from '../../helpers/statistics/complexity.ts'
import { lawAxes, type LawChartInput, type LawPoint } from './law-chart.ts'

/** Sizes at which the law and its band are drawn: enough for a smooth curve on either axis type. */
const CURVE_STEPS = 60

/**
 * A scaling series as charts: the wall time law first, then each counter law. The samples come from the benches
 * the series names, the law and its band from the recorded fit and the medians, as the text's extrapolations.
 */
export function scalingChartInputs(series: ScalingSeries, benchmarks: readonly BenchOutcome[]): LawChartInput[] {
  const samplesOf = (benchId: string) => {
    const bench = benchmarks.find((outcome) => outcome.id === benchId)
    return bench && bench.status !== 'skipped' ? bench.samples : []
  }
  const largest = Math.max(...series.points.map((point) => point.n))
  const time: LawChartInput = lawInput({
    title: series.name,
    sizeUnit: series.unit,
    valueTitle: 'wall time (ms)',
    samples: series.points.flatMap((point) => samplesOf(point.benchId).map((sample) => ({ n: point.n, value: sample.wallMs }))),
    medians: series.points.map((point) => ({ n: point.n, value: point.medianMs })),
    fit: series.fit,
    gateSizes: [largest / 4, largest],
  })
  const counters = series.counterFits.map((fit) => lawInput({
    title: `${fit.counter} against ${series.unit} count (${series.name})`,
    sizeUnit: series.unit,
    valueTitle: `${fit.counter} (${/bytes/i.test(fit.counter) ? 'bytes' : 'count'})`,
    samples: series.points.flatMap((point) => samplesOf(point.benchId).flatMap((sample) => {
      const value = sample.counters?.[fit.counter]
      return value === undefined ? [] : [{ n: point.n, value }]
    })),
    medians: series.points.flatMap((point) => (point.counters[fit.counter] === undefined ? [] : [{ n: point.n, value: point.counters[fit.counter]! }])),
    fit,
    gateSizes: null,
  }))
  return [time, ...counters]
}

function lawInput(parts: Omit<LawChartInput, 'law' | 'band' | 'model'> & { fit: ModelFit }): LawChartInput {
  const { fit, ...rest } = parts
  const sizes = rest.medians.map((point) => point.n).concat(rest.gateSizes ?? [])
  const from = Math.min(...sizes)
  const to = Math.max(...sizes)
  const logSpaced = lawAxes({ ...rest, model: fit.model, law: [], band: [] }).logLog
  const grid = Array.from({ length: CURVE_STEPS + 1 }, (_, step) => (logSpaced ? from * (to / from) ** (step / CURVE_STEPS) : from + ((to - from) * step) / CURVE_STEPS))
  const f = COMPLEXITY_MODELS[fit.model]
  return {
    ...rest,
    model: fit.model,
    law: grid.map((n) => ({ n, value: fit.intercept + fit.slope * f(n) })),
    band: grid.map((n) => {
      const { low, high } = predictionInterval(rest.medians, fit, n)
      // A duration or a count is never below 0, where the fitted lines may cross it.
      return { n, low: Math.max(0, low), high }
    }),
  }
}

/**
 * The 95 % prediction interval at n, as the extrapolations in the text compute it: the envelope over the models
 * that fit the medians alike; the recorded model alone when a refit chooses another (results from an older fit).
 */
function predictionInterval(medians: readonly SizePoint[] | readonly LawPoint[], fit: ModelFit, n: number): { low: number; high: number } {
  const points = medians.map((point) => ({ n: point.n, value: point.value }))
  const refit = fitComplexity(points)
  return refit.model === fit.model ? extrapolateAcrossModels(points, refit, n) : extrapolate(points, fit, n)
}

/** The chart in words, with its numbers: the text alternative beside the image. */
export function lawChartText(input: LawChartInput, unitOfValue: 'ms' | 'count'): string {
  // As the series' table prints them: durations to three digits, counters whole.
  const format = unitOfValue === 'ms' ? formatDurationMs : (value: number) => formatCount(Math.round(value))
  const axes = lawAxes(input)
  const medians = input.medians.map((point) => `${format(point.value)} at ${point.n}`).join(', ')
  return [
    `${input.samples.length} samples of ${input.title}`,
    `medians ${medians} ${input.sizeUnit}s`,
    `fitted law ${input.model} with the 95 % prediction band of the median`,
    ...(input.gateSizes ? [`gate sizes ${formatCount(Number(input.gateSizes[0].toPrecision(3)))} and ${input.gateSizes[1]} marked`] : []),
    axes.logLog ? 'both axes logarithmic' : 'both axes linear from zero',
  ].join('; ')
}
