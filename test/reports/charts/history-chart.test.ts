import { expect, test } from 'vitest'
import { historyChartSpec, historyChartText, HISTORY_CHART_SIZE } from '../../../reports/charts/history-chart.ts'
import { renderChartSvg } from '../../../reports/charts/render-svg.ts'
import { layerMarks } from './svg-marks.ts'

test('runs at their true time, values from zero, the baseline marked', async () => {
  const input = {
    title: 'cold nix flake show',
    runs: [
      { startedAt: '2026-11-20T10:00:00.000Z', medianMs: 1200 },
      { startedAt: '2026-11-20T11:00:00.000Z', medianMs: 1260 },
      { startedAt: '2026-11-20T14:00:00.000Z', medianMs: 1180 },
    ],
    baselineMs: 1250,
  }
  expect(historyChartText(input)).toBe('cold nix flake show, median per run: 2026-11-20 10:00 1.20 s, 2026-11-20 11:00 1.26 s, 2026-11-20 14:00 1.18 s; baseline 1.25 s; value axis from zero')
  const svg = await renderChartSvg(historyChartSpec(input), { title: input.title, description: historyChartText(input) })
  const runs = layerMarks(svg, 'runs')
  expect(runs).toHaveLength(3)
  const [first, second, third] = runs.map((mark) => mark.xPx) as [number, number, number]
  expect((second - first) / (third - first), 'one hour of four, not one run of two').toBeCloseTo(0.25, 2)
  const top = 1260 * 1.1
  const yOf = (ms: number) => HISTORY_CHART_SIZE.heightPx * (1 - ms / top)
  expect(runs.map((mark) => mark.yPx)).toEqual([1200, 1260, 1180].map((ms) => expect.closeTo(yOf(ms), 0)))
  const [baseline] = layerMarks(svg, 'baseline')
  expect(baseline?.yPx).toBeCloseTo(yOf(1250), 0)
  expect(baseline?.element).toContain('stroke-dasharray')
})
