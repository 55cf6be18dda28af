import { describe, expect, test } from 'vitest'
import { extrapolate, extrapolateAcrossModels, fitComplexity, fitModel, ratioAt4x, type SizePoint } from '../../../helpers/statistics/complexity.ts'

const series = (sizes: number[], cost: (n: number) => number): SizePoint[] => sizes.map((n) => ({ n, value: cost(n) }))
const SIZES = [10, 40, 100, 300, 1000]

describe('fitComplexity on synthetic series with known answers', () => {
  test('linear with a fixed overhead: O(n), its slope and intercept exactly', () => {
    const fit = fitComplexity(series(SIZES, (n) => 40 + 4.1 * n))
    expect(fit.model).toBe('O(n)')
    expect(fit.slope).toBeCloseTo(4.1, 10)
    expect(fit.intercept).toBeCloseTo(40, 8)
    expect(fit.r2).toBeCloseTo(1, 12)
  })

  test('n log n', () => {
    expect(fitComplexity(series(SIZES, (n) => 5 + 0.3 * n * Math.log2(n))).model).toBe('O(n log n)')
  })

  test('quadratic', () => {
    const fit = fitComplexity(series(SIZES, (n) => 10 + 0.002 * n * n))
    expect(fit.model).toBe('O(n²)')
    expect(fit.growthExponent, 'damped by the fixed overhead at small n').toBeGreaterThan(1.1)
  })

  test('constant', () => {
    expect(fitComplexity(series(SIZES, () => 50)).model).toBe('O(1)')
  })

  test('noisy linear stays linear (±3 % deterministic noise)', () => {
    const noise = [1.03, 0.97, 1.02, 0.98, 1.01]
    const fit = fitComplexity(SIZES.map((n, index) => ({ n, value: (20 + 2 * n) * noise[index]! })))
    expect(fit.model).toBe('O(n)')
    expect(fit.slope).toBeCloseTo(2, 0)
  })

  test('needs three distinct sizes', () => {
    expect(() => fitComplexity(series([10, 10, 20], (n) => n))).toThrow('a complexity fit needs at least 3 distinct sizes, got 2')
  })
})

describe('the ×4 linearity gate', () => {
  test('pure linear growth: cost at 4n is 4 × cost at n', () => {
    expect(ratioAt4x(fitComplexity(series(SIZES, (n) => 3 * n)), 1000)).toBeCloseTo(4, 10)
  })
  test('quadratic growth fires a 4.6 gate', () => {
    expect(ratioAt4x(fitComplexity(series(SIZES, (n) => 10 + n * n)), 1000)).toBeGreaterThan(15.9)
  })
  test('a fixed overhead keeps the ratio below 4', () => {
    expect(ratioAt4x(fitComplexity(series(SIZES, (n) => 1000 + n)), 1000)).toBeCloseTo(2000 / 1250, 10)
  })
})

test('extrapolation: an exact line predicts exactly; noise widens the interval', () => {
  const exact = series([10, 20, 30, 40], (n) => 5 + 2 * n)
  const atHundred = extrapolate(exact, fitModel(exact, 'O(n)'), 100)
  expect(atHundred.predicted).toBeCloseTo(205, 10)
  expect(atHundred.high - atHundred.low).toBeCloseTo(0, 8)
  const noisy = [{ n: 10, value: 26 }, { n: 20, value: 44 }, { n: 30, value: 66 }, { n: 40, value: 84 }]
  const spread = extrapolate(noisy, fitModel(noisy, 'O(n)'), 100)
  expect(spread.low).toBeLessThan(spread.predicted)
  expect(spread.high).toBeGreaterThan(spread.predicted)
})

describe('extrapolation intervals that include the model choice', () => {
  // Fleets of 1, 3 and 6 (the standard profile's sizes) on a cost between linear and n log n: the two fit within 10 % of each other.
  const between = series([1, 3, 6], (n) => 10 + 2 * n + 0.6 * n * Math.log2(n))

  test('two models that fit alike give a wider interval than the chosen model alone, containing it', () => {
    const fit = fitComplexity(between)
    expect(fit.alike.map((model) => model.model), 'the models the data cannot tell apart').toEqual(['O(n)', 'O(n log n)'])
    const chosenOnly = extrapolate(between, fit, 100)
    const acrossModels = extrapolateAcrossModels(between, fit, 100)
    expect(acrossModels.models).toEqual(['O(n)', 'O(n log n)'])
    expect(acrossModels.predicted, 'the figure is still the chosen law\'s').toBe(chosenOnly.predicted)
    expect(acrossModels.low, 'low end').toBeLessThanOrEqual(chosenOnly.low)
    expect(acrossModels.high, 'high end: n log n grows faster').toBeGreaterThan(chosenOnly.high)
    expect(acrossModels.high - acrossModels.low, 'width').toBeGreaterThan(2 * (chosenOnly.high - chosenOnly.low))
  })

  test('when one model alone fits, the interval is that model\'s', () => {
    const linear = [{ n: 10, value: 26 }, { n: 20, value: 44 }, { n: 30, value: 66 }, { n: 40, value: 84 }]
    const fit = fitComplexity(linear)
    expect(fit.alike.map((model) => model.model)).toEqual(['O(n)'])
    const { models, ...interval } = extrapolateAcrossModels(linear, fit, 100)
    expect(models).toEqual(['O(n)'])
    expect(interval).toEqual(extrapolate(linear, fit, 100))
  })
})
