import type { TopLevelSpec } from 'vega-lite'
import { CHART_COLOURS } from './palette.ts'

/** One variant of a comparison: its samples, median and the median's 95 % interval (null below 6 samples). */
export interface DotPlotRow {
  label: string
  samples: readonly number[]
  median: number
  interval: readonly [number, number] | null
}

/**
 * Variants of one operation side by side (cold against warm, cached against uncached, clients on one link, Nix
 * versions, base against head): every sample, the median and its interval, on one value axis from zero.
 */
export interface DotPlotInput {
  title: string
  /** The value axis: what is measured and its unit, e.g. "wall time (ms)". */
  valueTitle: string
  rows: readonly DotPlotRow[]
}

/** Plot width and the height given to each row, in pixels. */
export const DOT_PLOT_SIZE = { widthPx: 480, rowStepPx: 40 } as const

const HEADROOM = 1.1

/** The value axis: from zero to a little past the largest sample or interval bound, never fitted to the data. */
export function dotPlotDomain(input: DotPlotInput): [number, number] {
  const values = input.rows.flatMap((row) => [...row.samples, row.median, ...(row.interval ?? [])])
  return [0, Math.max(...values, 0) * HEADROOM || 1]
}

export function dotPlotSpec(input: DotPlotInput): TopLevelSpec {
  const labels = input.rows.map((row) => row.label)
  const role = { sample: 'sample', median: 'median', interval: '95 % interval of the median' }
  const x = { type: 'quantitative', title: input.valueTitle, scale: { domain: dotPlotDomain(input), nice: false, zero: true } } as const
  const y = { field: 'label', type: 'nominal', title: null, sort: labels, scale: { domain: labels } } as const
  // The interval is in the legend only where some row has one (a median's needs 6 samples).
  const shown = input.rows.some((row) => row.interval) ? [role.sample, role.median, role.interval] : [role.sample, role.median]
  const colour = {
    field: 'role', type: 'nominal', title: null,
    scale: { domain: shown, range: [CHART_COLOURS.sample, CHART_COLOURS.median, CHART_COLOURS.median].slice(0, shown.length) },
  } as const
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: input.title,
    width: DOT_PLOT_SIZE.widthPx,
    height: { step: DOT_PLOT_SIZE.rowStepPx },
    layer: [
      {
        name: 'interval',
        data: { values: input.rows.flatMap((row) => (row.interval ? [{ label: row.label, low: row.interval[0], high: row.interval[1], role: role.interval }] : [])) },
        mark: { type: 'rule', strokeWidth: 2 },
        encoding: { x: { ...x, field: 'low' }, x2: { field: 'high' }, y, color: colour },
      },
      {
        name: 'samples',
        data: { values: input.rows.flatMap((row) => row.samples.map((value) => ({ label: row.label, value, role: role.sample }))) },
        mark: { type: 'point', filled: false, size: 36, strokeWidth: 1.5, opacity: 1 },
        encoding: { x: { ...x, field: 'value' }, y, color: colour },
      },
      {
        name: 'medians',
        data: { values: input.rows.map((row) => ({ label: row.label, value: row.median, role: role.median })) },
        mark: { type: 'tick', thickness: 3, size: 22, orient: 'vertical', opacity: 1 },
        encoding: { x: { ...x, field: 'value' }, y, color: colour },
      },
    ],
  } as TopLevelSpec
}

/** The plot in words, with its numbers, for the text alternative; `format` prints a value with its unit. */
export function dotPlotText(input: DotPlotInput, format: (value: number) => string): string {
  const rows = input.rows.map((row) => {
    const interval = row.interval ? `95 % interval ${format(row.interval[0])} … ${format(row.interval[1])}` : 'no interval (fewer than 6 samples)'
    return `${row.label}: median ${format(row.median)}, ${interval}, ${row.samples.length} samples`
  })
  return `${input.title}: ${rows.join('; ')}; value axis from zero`
}
