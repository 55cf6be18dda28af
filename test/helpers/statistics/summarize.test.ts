import { describe, expect, test } from 'vitest'
import { medianConfidenceInterval, summarize, tQuantile975 } from '../../../helpers/statistics/summarize.ts'

describe('summarize', () => {
  test('five samples with one far outlier', () => {
    const summary = summarize([10, 12, 11, 13, 100])
    expect(summary.n, 'n').toBe(5)
    expect(summary.meanMs, 'mean').toBeCloseTo(29.2, 10)
    expect(summary.medianMs, 'median').toBe(12)
    // Sum of squared deviations 6270.8, over n − 1 = 4.
    expect(summary.sdMs, 'sample sd').toBeCloseTo(Math.sqrt(1567.7), 10)
    expect([summary.minMs, summary.maxMs], 'min, max').toEqual([10, 100])
    // |x − 12| = 2, 0, 1, 1, 88 → median 1.
    expect(summary.madMs, 'MAD').toBe(1)
    expect(summary.cv, 'cv').toBeCloseTo(Math.sqrt(1567.7) / 29.2, 10)
    const margin = (2.776 * Math.sqrt(1567.7)) / Math.sqrt(5)
    expect(summary.meanCi95Ms![0], 'mean CI low').toBeCloseTo(29.2 - margin, 10)
    expect(summary.meanCi95Ms![1], 'mean CI high').toBeCloseTo(29.2 + margin, 10)
    expect(summary.medianCi95Ms, 'no median CI below 6 samples').toBeNull()
    expect(summary.outlierIndices, 'the 100 ms sample').toEqual([4])
  })

  test('one sample: no spread, no intervals', () => {
    expect(summarize([42])).toEqual({
      n: 1, meanMs: 42, medianMs: 42, sdMs: 0, minMs: 42, maxMs: 42, madMs: 0, cv: 0,
      meanCi95Ms: null, medianCi95Ms: null, outlierIndices: [],
    })
  })

  test('an even count takes the mean of the middle pair', () => {
    expect(summarize([4, 1, 3, 2]).medianMs).toBe(2.5)
  })

  test('refuses empty and non-finite input', () => {
    expect(() => summarize([])).toThrow('summarize needs at least one sample')
    expect(() => summarize([1, Number.NaN])).toThrow(/non-finite/)
  })
})

describe('tQuantile975', () => {
  // Between tabulated rows the smaller df (larger t) is taken: t(0.975, 35) = 2.030 is reported as t(30) = 2.042.
  test.each([
    [1, 12.706], [4, 2.776], [9, 2.262], [30, 2.042], [35, 2.042], [40, 2.021], [59, 2.021], [60, 2.0], [100, 2.0],
    [120, 1.98], [121, 1.96], [1000, 1.96],
  ])('df %i → %f', (df, t) => {
    expect(tQuantile975(df)).toBe(t)
  })
})

describe('medianConfidenceInterval (exact binomial ranks)', () => {
  const ordered = (n: number) => Array.from({ length: n }, (_, index) => index + 1)
  test('n = 5 cannot reach 95 %', () => {
    expect(medianConfidenceInterval(ordered(5))).toBeNull()
  })
  test('n = 6: ranks 1 and 6 (coverage 1 − 2/64 = 96.9 %)', () => {
    expect(medianConfidenceInterval(ordered(6))).toEqual([1, 6])
  })
  test('n = 10: ranks 2 and 9 (97.9 %; ranks 3 and 8 give only 89.1 %)', () => {
    expect(medianConfidenceInterval(ordered(10))).toEqual([2, 9])
  })
  test('n = 20: ranks 6 and 15 (P(B ≤ 5) = 2.07 %, so 95.9 %)', () => {
    expect(medianConfidenceInterval(ordered(20))).toEqual([6, 15])
  })
  test('n = 2000, past where 2⁻ⁿ underflows: ranks 956 and 1045 (95.34 %; ranks 957 and 1044 give 94.83 %)', () => {
    expect(medianConfidenceInterval(ordered(2000))).toEqual([956, 1045])
  })
  test('in summarize, the ranks pick from the sorted samples', () => {
    expect(summarize([30, 10, 60, 20, 50, 40, 100, 90, 80, 70]).medianCi95Ms).toEqual([20, 90])
  })
})

test('with the samples\' resolution, a median below it is flagged; without it, nothing is added', () => {
  expect(summarize([0.25, -0.5, 0.5, 0], 0.3)).toMatchObject({ medianMs: 0.125, resolutionMs: 0.3, belowResolution: true })
  expect(summarize([50, 51, 52], 0.3)).toMatchObject({ medianMs: 51, resolutionMs: 0.3, belowResolution: false })
  expect(summarize([50, 51, 52])).not.toHaveProperty('belowResolution')
})
