import { describe, expect, test } from 'vitest'
import type { ScalingSeries } from '../../../helpers/model/results-schema.ts'
import { fitComplexity, fitModel } from '../../../helpers/statistics/complexity.ts'
import { planCharts } from '../../../reports/charts/chart-plan.ts'
import { LAW_CHART_SIZE } from '../../../reports/charts/law-chart.ts'
import { BAND_OPACITY, CHART_COLOURS } from '../../../reports/charts/palette.ts'
import { renderChartSvg } from '../../../reports/charts/render-svg.ts'
import { measuredBench, performanceResults, sample } from '../results-factory.ts'
import { labelNumber, layerMarks } from './svg-marks.ts'

const { widthPx, heightPx } = LAW_CHART_SIZE

/** A series whose samples are literals: three per size, time linear in n with a fixed cost, counters exact. */
function fixedSeries(sizes: readonly number[], msAt: (n: number) => number): { series: ScalingSeries; benches: ReturnType<typeof measuredBench>[] } {
  const benches = sizes.map((n) => measuredBench({
    id: `scaling/evaluation/modules-${n}`,
    samples: [0.97, 1, 1.04].map((factor) => sample(msAt(n) * factor, { nrFunctionCalls: 32 * n + 4 })),
  }))
  const medians = sizes.map((n) => ({ n, value: msAt(n) }))
  const fit = fitComplexity(medians)
  const counterPoints = sizes.map((n) => ({ n, value: 32 * n + 4 }))
  const series: ScalingSeries = {
    id: 'scaling/evaluation-vs-modules', name: 'evaluation time against module count', unit: 'module',
    points: sizes.map((n, index) => ({ n, benchId: benches[index]!.id, medianMs: msAt(n), counters: { nrFunctionCalls: 32 * n + 4 } })),
    fit: { model: fit.model, intercept: fit.intercept, slope: fit.slope, r2: fit.r2, normalizedRms: fit.normalizedRms, growthExponent: fit.growthExponent },
    counterFits: [{ counter: 'nrFunctionCalls', ...fitModel(counterPoints, fitComplexity(counterPoints).model) }],
    gate: { ratioAt4x: 3, ciAt4x: null, limit: 4.6, status: 'pass', sentence: '…' },
    extrapolations: [],
    notes: [],
  }
  return { series, benches }
}

async function renderedCharts(sizes: readonly number[], msAt: (n: number) => number) {
  const { series, benches } = fixedSeries(sizes, msAt)
  const charts = planCharts(performanceResults(benches, { scaling: [series] }))
  return Promise.all(charts.map(async (chart) => ({ ...chart, svg: await renderChartSvg(chart.spec(), chart) })))
}

describe('a scaling law spanning more than a decade (29 … 1000 modules): log–log axes', async () => {
  // Linear with a fixed cost, the medians a little off the line, so that the band has a width.
  const msAt = (n: number) => 40 + 0.5 * n + (n === 100 ? 6 : 0)
  const [time, counter] = await renderedCharts([29, 100, 300, 1000], msAt)
  // The domains as lawAxes specifies them: 10 % beyond the smallest and largest size and value, on log scales.
  const sizeDomain = [29 / 1.1, 1000 * 1.1]
  const valueDomain = [msAt(29) * 0.97 / 1.1, msAt(1000) * 1.04 * 1.1]
  const xOf = (n: number) => (widthPx * Math.log(n / sizeDomain[0]!)) / Math.log(sizeDomain[1]! / sizeDomain[0]!)
  const yOf = (ms: number) => heightPx * (1 - Math.log(ms / valueDomain[0]!) / Math.log(valueDomain[1]! / valueDomain[0]!))

  test('one time chart and one counter chart, linked to the series, with their text', () => {
    expect(time!.subject).toBe('scaling:scaling/evaluation-vs-modules')
    expect(time!.file).toBe('law-scaling-evaluation-vs-modules.svg')
    expect(counter!.file).toBe('law-scaling-evaluation-vs-modules-nrfunctioncalls.svg')
    expect(time!.description).toBe('12 samples of evaluation time against module count; medians 54.5 ms at 29, 96.0 ms at 100, 190 ms at 300, 540 ms at 1000 modules; fitted law O(n) with the 95 % prediction band of the median; gate sizes 250 and 1000 marked; both axes logarithmic')
    expect(time!.svg).toContain('<title>evaluation time against module count</title><desc>12 samples of')
    expect(time!.svg).toContain('modules (count, log scale)')
    expect(time!.svg).toContain('wall time (ms) (log scale)')
  })

  test('every sample at its true x and y, by value: 100 is not a third of the way from 29 to 1000', () => {
    const samples = layerMarks(time!.svg, 'samples')
    expect(samples).toHaveLength(12)
    for (const mark of samples) {
      const n = labelNumber(mark.label['modules (count, log scale)'])
      const ms = labelNumber(mark.label['wall time (ms) (log scale)'])
      expect(mark.xPx, `x of a sample at ${n} modules`).toBeCloseTo(xOf(n), 1)
      expect(mark.yPx, `y of a sample of ${ms} ms`).toBeCloseTo(yOf(ms), 0)
    }
    const xs = [...new Set(samples.map((mark) => Math.round(mark.xPx)))]
    expect(xs, 'four sizes, log-spaced').toEqual([29, 100, 300, 1000].map((n) => Math.round(xOf(n))))
    expect((xs[1]! - xs[0]!) / (xs[3]! - xs[0]!), 'by log value, not by rank (1/3)').toBeCloseTo(Math.log(100 / 29) / Math.log(1000 / 29), 2)
  })

  test('the medians, the law, its band and the gate sizes are drawn', () => {
    expect(layerMarks(time!.svg, 'medians').map((mark) => Math.round(mark.xPx))).toEqual([29, 100, 300, 1000].map((n) => Math.round(xOf(n))))
    const [band] = layerMarks(time!.svg, 'band')
    expect(band?.element, 'the band is a filled area').toMatch(/d="M[^"]{40,}Z?"/)
    expect(band?.element).toContain(`fill="${CHART_COLOURS.law}"`)
    expect(band?.element).toContain(`opacity="${BAND_OPACITY}"`)
    // Upper and lower edge at the largest size: the band is 95 % wide there, not a line.
    const edge = [...band!.element.matchAll(/([\d.]+),([\d.]+)/g)].filter(([, x]) => Math.abs(Number(x) - xOf(1000)) < 0.5).map(([, , y]) => Number(y))
    expect(edge, 'the band\'s two edges at 1000 modules').toHaveLength(2)
    expect(Math.abs(edge[0]! - edge[1]!), 'band height in pixels').toBeGreaterThan(2)
    expect(layerMarks(time!.svg, 'law')[0]?.element).toContain(`stroke="${CHART_COLOURS.law}"`)
    expect(layerMarks(time!.svg, 'gate').map((mark) => mark.xPx)).toEqual([250, 1000].map((n) => expect.closeTo(xOf(n), 1)))
  })

  test('the counter law gets the same chart, without a gate', () => {
    expect(layerMarks(counter!.svg, 'samples')).toHaveLength(12)
    expect(layerMarks(counter!.svg, 'band')).toHaveLength(1)
    expect(layerMarks(counter!.svg, 'gate')).toHaveLength(0)
    expect(counter!.svg).toContain('nrFunctionCalls (count) (log scale)')
  })
})

describe('a law over 1 … 3 machines: linear axes from zero, so a ×1.3 rise looks like one', async () => {
  const msAt = (n: number) => 60 + 5 * n
  const [time] = await renderedCharts([1, 2, 3], msAt)
  const top = msAt(3) * 1.04 * 1.1

  test('x from 0 to 3.3, y from 0, points at their value', () => {
    const samples = layerMarks(time!.svg, 'samples')
    expect(samples).toHaveLength(9)
    for (const mark of samples) {
      const n = labelNumber(mark.label['modules (count)'])
      const ms = labelNumber(mark.label['wall time (ms)'])
      expect(mark.xPx).toBeCloseTo((widthPx * n) / 3.3, 1)
      expect(mark.yPx).toBeCloseTo(heightPx * (1 - ms / top), 0)
    }
    expect(time!.description).toContain('both axes linear from zero')
    // The gate's quarter size (0.75) lies below the smallest size measured, and is still on the axis.
    expect(layerMarks(time!.svg, 'gate').map((mark) => mark.xPx)).toEqual([expect.closeTo((widthPx * 0.75) / 3.3, 1), expect.closeTo((widthPx * 3) / 3.3, 1)])
  })
})
