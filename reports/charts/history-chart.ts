import type { TopLevelSpec } from 'vega-lite'
import { formatDurationMs } from '../../helpers/model/format.ts'
import { CHART_COLOURS } from './palette.ts'

/** One bench over the last runs of the history file, with the saved baseline's median when there is one. */
export interface HistoryChartInput {
  title: string
  runs: ReadonlyArray<{ startedAt: string; medianMs: number }>
  baselineMs: number | null
}

export const HISTORY_CHART_SIZE = { widthPx: 480, heightPx: 200 } as const

/** Runs at their true time (not evenly spaced), the median of each, the baseline as a dashed line; values from zero. */
export function historyChartSpec(input: HistoryChartInput): TopLevelSpec {
  const role = { run: 'median of the run', baseline: 'baseline median' }
  const top = Math.max(...input.runs.map((run) => run.medianMs), input.baselineMs ?? 0) * 1.1
  const x = { field: 'startedAt', type: 'temporal', title: 'run started (UTC)', scale: { type: 'utc', padding: 12 }, axis: { format: '%Y-%m-%d %H:%M', labelAngle: -30 } } as const
  const y = { type: 'quantitative', title: 'median wall time (ms)', scale: { domain: [0, top || 1] as [number, number], nice: false, zero: true } } as const
  const shown = [role.run, ...(input.baselineMs === null ? [] : [role.baseline])]
  const colour = { field: 'role', type: 'nominal', title: null, scale: { domain: shown, range: [CHART_COLOURS.sample, CHART_COLOURS.baseline].slice(0, shown.length) } } as const
  const runs = input.runs.map((run) => ({ ...run, role: role.run }))
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: input.title,
    width: HISTORY_CHART_SIZE.widthPx,
    height: HISTORY_CHART_SIZE.heightPx,
    layer: [
      { name: 'trend', data: { values: runs }, mark: { type: 'line', strokeWidth: 1.5 }, encoding: { x, y: { ...y, field: 'medianMs' }, color: colour } },
      { name: 'runs', data: { values: runs }, mark: { type: 'point', filled: true, size: 40, opacity: 1 }, encoding: { x, y: { ...y, field: 'medianMs' }, color: colour } },
      ...(input.baselineMs === null
        ? []
        : [{ name: 'baseline', data: { values: [{ medianMs: input.baselineMs, role: role.baseline }] }, mark: { type: 'rule' as const, strokeDash: [6, 4], strokeWidth: 1.5 }, encoding: { y: { ...y, field: 'medianMs' }, color: colour } }]),
    ],
  } as TopLevelSpec
}

export function historyChartText(input: HistoryChartInput): string {
  const runs = input.runs.map((run) => `${run.startedAt.slice(0, 16).replace('T', ' ')} ${formatDurationMs(run.medianMs)}`).join(', ')
  const baseline = input.baselineMs === null ? 'no baseline saved' : `baseline ${formatDurationMs(input.baselineMs)}`
  return `${input.title}, median per run: ${runs}; ${baseline}; value axis from zero`
}
