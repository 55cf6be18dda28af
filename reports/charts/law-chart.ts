import type { TopLevelSpec } from 'vega-lite'
import { BAND_OPACITY, CHART_COLOURS } from './palette.ts'

/** Plot area in pixels (axes, titles and legend come on top). */
export const LAW_CHART_SIZE = { widthPx: 480, heightPx: 280 } as const

/** Sizes spanning more than this ratio are drawn on log–log axes, where a power law is a straight line. */
export const LOG_AXES_ABOVE_SPAN = 10

/** Room left around the data, as a factor on the largest value (linear) or on both ends (log). */
const HEADROOM = 1.1

export interface LawPoint {
  n: number
  value: number
}

/** A cost against size, ready to draw: every sample, the medians, the fitted law and its band, all from the results. */
export interface LawChartInput {
  title: string
  /** What n counts, singular ("module"). */
  sizeUnit: string
  /** The y axis: what is measured and its unit, e.g. "wall time (ms)". */
  valueTitle: string
  samples: readonly LawPoint[]
  medians: readonly LawPoint[]
  /** The law's model, for the legend ("O(n)"). */
  model: string
  law: readonly LawPoint[]
  /** 95 % prediction band of the law, sampled at the same sizes as `law`. */
  band: ReadonlyArray<{ n: number; low: number; high: number }>
  /** The gate's two sizes (a quarter of the largest, the largest); none for a law without a gate. */
  gateSizes: readonly [number, number] | null
}

export interface LawAxes {
  logLog: boolean
  sizeDomain: [number, number]
  valueDomain: [number, number]
}

/**
 * The axes a law is drawn on: log–log when the sizes span more than a decade, else linear from zero on both
 * (so that a ×1.3 rise looks like one). The value axis fits the data and the law, not the band, which is clipped.
 */
export function lawAxes(input: LawChartInput): LawAxes {
  const sizes = [...input.samples, ...input.medians].map((point) => point.n).concat(input.gateSizes ?? [])
  const values = [...input.samples, ...input.medians, ...input.law].map((point) => point.value)
  const logLog = Math.max(...sizes) / Math.min(...sizes) > LOG_AXES_ABOVE_SPAN
  if (!logLog) return { logLog, sizeDomain: [0, Math.max(...sizes) * HEADROOM], valueDomain: [0, Math.max(...values) * HEADROOM] }
  const positive = values.filter((value) => value > 0)
  return {
    logLog,
    sizeDomain: [Math.min(...sizes) / HEADROOM, Math.max(...sizes) * HEADROOM],
    valueDomain: [Math.min(...positive) / HEADROOM, Math.max(...positive) * HEADROOM],
  }
}

/** Legend entries, in order: what each mark is. */
function roles(input: LawChartInput): { sample: string; median: string; law: string; band: string; gate: string } {
  return { sample: 'sample', median: 'median per size', law: `fitted law ${input.model}`, band: '95 % prediction band of the median', gate: 'gate sizes (n/4, n)' }
}

/** The Vega-Lite spec: band, law, gate rules, samples (hollow) and medians (filled diamonds), on honest axes. */
export function lawChartSpec(input: LawChartInput): TopLevelSpec {
  const axes = lawAxes(input)
  const role = roles(input)
  const scaleType = axes.logLog ? 'log' : 'linear'
  const logNote = axes.logLog ? ', log scale' : ''
  // A log scale has no zero; a linear one starts there.
  const zero = axes.logLog ? {} : { zero: true }
  const x = { field: 'n', type: 'quantitative', title: `${input.sizeUnit}s (count${logNote})`, scale: { type: scaleType, domain: axes.sizeDomain, nice: false, ...zero } } as const
  const y = { type: 'quantitative', title: `${input.valueTitle}${axes.logLog ? ' (log scale)' : ''}`, scale: { type: scaleType, domain: axes.valueDomain, nice: false, ...zero } } as const
  const shown = [role.sample, role.median, role.law, role.band, ...(input.gateSizes ? [role.gate] : [])]
  const colour = {
    field: 'role', type: 'nominal', title: null,
    scale: { domain: shown, range: [CHART_COLOURS.sample, CHART_COLOURS.median, CHART_COLOURS.law, CHART_COLOURS.law, CHART_COLOURS.gate].slice(0, shown.length) },
  } as const
  const floor = axes.valueDomain[0]
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: input.title,
    width: LAW_CHART_SIZE.widthPx,
    height: LAW_CHART_SIZE.heightPx,
    layer: [
      {
        name: 'band',
        data: { values: input.band.map((row) => ({ n: row.n, low: Math.max(row.low, floor), high: Math.max(row.high, floor), role: role.band })) },
        mark: { type: 'area', opacity: BAND_OPACITY, clip: true },
        encoding: { x, y: { ...y, field: 'low' }, y2: { field: 'high' }, color: colour },
      },
      {
        name: 'law',
        data: { values: input.law.map((point) => ({ ...point, role: role.law })) },
        mark: { type: 'line', strokeWidth: 2, clip: true },
        encoding: { x, y: { ...y, field: 'value' }, color: colour },
      },
      ...(input.gateSizes
        ? [{
          name: 'gate',
          data: { values: input.gateSizes.map((n) => ({ n, role: role.gate })) },
          mark: { type: 'rule' as const, strokeDash: [4, 4], strokeWidth: 1.5 },
          encoding: { x, color: colour },
        }]
        : []),
      {
        name: 'samples',
        data: { values: input.samples.map((point) => ({ ...point, role: role.sample })) },
        mark: { type: 'point', filled: false, size: 36, strokeWidth: 1.5, opacity: 1 },
        encoding: { x, y: { ...y, field: 'value' }, color: colour },
      },
      {
        name: 'medians',
        data: { values: input.medians.map((point) => ({ ...point, role: role.median })) },
        mark: { type: 'point', shape: 'diamond', filled: true, size: 90, opacity: 1 },
        encoding: { x, y: { ...y, field: 'value' }, color: colour },
      },
    ],
  } as TopLevelSpec
}
