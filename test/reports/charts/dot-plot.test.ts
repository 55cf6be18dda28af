import { expect, test } from 'vitest'
import { planCharts } from '../../../reports/charts/chart-plan.ts'
import { DOT_PLOT_SIZE } from '../../../reports/charts/dot-plot.ts'
import { renderChartSvg } from '../../../reports/charts/render-svg.ts'
import { fakeResults } from '../fake-results.ts'
import { labelNumber, layerMarks } from './svg-marks.ts'

test('cold against warm: every sample at its value on an axis from zero, the medians and their intervals', async () => {
  const [chart, ...others] = planCharts(fakeResults())
  expect(others, 'the fake has one comparison and nothing else to chart').toEqual([])
  expect(chart!.file).toBe('cache-effectiveness-nix-flake-show.svg')
  expect(chart!.description).toBe('nix flake show: cold against warm: cold: median 1.22 s, 95 % interval 1.19 s … 1.26 s, 6 samples; warm: median 38.3 ms, 95 % interval 37.9 ms … 52.0 ms, 6 samples; value axis from zero')
  const svg = await renderChartSvg(chart!.spec(), chart!)
  // The domain: 0 to 10 % past the largest sample (1262 ms).
  const xOf = (ms: number) => (DOT_PLOT_SIZE.widthPx * ms) / (1262 * 1.1)
  const samples = layerMarks(svg, 'samples')
  expect(samples.map((mark) => labelNumber(mark.label['wall time (ms)']))).toEqual([1190, 1234, 1215, 1262, 1201, 1248, 52, 38, 38.4, 37.9, 38.2, 38.6])
  for (const mark of samples) expect(mark.xPx).toBeCloseTo(xOf(labelNumber(mark.label['wall time (ms)'])), 1)
  const rows = [...new Set(samples.map((mark) => mark.yPx))]
  expect(rows, 'cold above warm, one row each').toHaveLength(2)
  // A median is a tick 3 px wide: a rectangle from its left edge.
  const tickCentres = layerMarks(svg, 'medians').map((mark) => Number(/d="M([-\d.]+),/.exec(mark.element)?.[1]) + 1.5)
  expect(tickCentres).toEqual([expect.closeTo(xOf(1224.5), 1), expect.closeTo(xOf(38.3), 1)])
  const intervals = layerMarks(svg, 'interval')
  expect(intervals).toHaveLength(2)
  // A rule from the low bound to the high one: its start at the low bound, its length x2 to the high one.
  const [cold] = intervals
  expect(cold!.xPx).toBeCloseTo(xOf(1190), 1)
  expect(Number(/x2="([-\d.]+)"/.exec(cold!.element)?.[1])).toBeCloseTo(xOf(1262) - xOf(1190), 1)
})
