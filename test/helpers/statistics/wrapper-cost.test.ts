import { describe, expect, test } from 'vitest'
import { mulberry32 } from '../../../helpers/statistics/change.ts'
import { estimateWrapperCost, resolutionMs, type TimedPair } from '../../../helpers/statistics/wrapper-cost.ts'

/** Pairs whose differences are exactly `differencesMs`, on a bare time that varies. */
function pairs(differencesMs: readonly number[]): TimedPair[] {
  return differencesMs.map((differenceMs, index) => ({ bareMs: 0.6 + (index % 3) * 0.1, wrappedMs: 0.6 + (index % 3) * 0.1 + differenceMs }))
}

describe('estimateWrapperCost', () => {
  test('the median of the paired differences, with the exact order-statistic 95 % interval', () => {
    // 10 differences 1.0 … 1.9: ranks 2 and 9 give 97.9 % coverage (ranks 3 and 8 only 89.1 %).
    const cost = estimateWrapperCost(pairs([1.5, 1.0, 1.9, 1.2, 1.4, 1.1, 1.6, 1.3, 1.8, 1.7]))
    expect(cost.costMs).toBeCloseTo(1.45, 10)
    expect(cost.ci95Ms[0]).toBeCloseTo(1.1, 10)
    expect(cost.ci95Ms[1]).toBeCloseTo(1.8, 10)
    expect(cost.pairs).toBe(10)
  })

  test('a few slow wrapped runs (a busy machine) move the median little and widen the interval', () => {
    const calm = estimateWrapperCost(pairs(Array.from({ length: 25 }, (_, index) => 1.3 + (index % 5) * 0.05)))
    const busy = estimateWrapperCost(pairs([...Array.from({ length: 22 }, (_, index) => 1.3 + (index % 5) * 0.05), 9, 11, 14]))
    expect(calm.costMs).toBeCloseTo(1.4, 10)
    expect(busy.costMs, 'three outliers of 25 shift the median by one rank at most').toBeCloseTo(1.4, 10)
    expect(busy.ci95Ms[1] - busy.ci95Ms[0]).toBeGreaterThanOrEqual(calm.ci95Ms[1] - calm.ci95Ms[0])
  })

  test('never clamped: a wrapper that cannot be told from noise reads around 0, below it too', () => {
    const cost = estimateWrapperCost(pairs([-0.3, -0.2, -0.1, -0.05, 0.1, -0.4, 0.2]))
    expect(cost.costMs).toBeCloseTo(-0.1, 10)
    expect(cost.ci95Ms[0]).toBeCloseTo(-0.4, 10)
    expect(cost.ci95Ms[1]).toBeCloseTo(0.2, 10)
  })

  test('fewer than 6 pairs have no 95 % interval: a RangeError names the count', () => {
    expect(() => estimateWrapperCost(pairs([1, 2, 3, 4, 5]))).toThrow("estimating the wrapper's cost needs at least 6 pairs, got 5")
  })

  // Coverage on synthetic samples: a skewed (log-normal) difference with a known median, 2000 seeded draws of 25 pairs.
  test('the interval covers the true median of the differences in at least 95 % of seeded synthetic draws', () => {
    const random = mulberry32(13)
    const normal = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random())
    const trueMedianMs = 1.4
    let covered = 0
    const draws = 2000
    for (let draw = 0; draw < draws; draw += 1) {
      const cost = estimateWrapperCost(pairs(Array.from({ length: 25 }, () => trueMedianMs * Math.exp(0.5 * normal()))))
      if (cost.ci95Ms[0] <= trueMedianMs && trueMedianMs <= cost.ci95Ms[1]) covered += 1
    }
    // Exact coverage at n = 25 (ranks 8 and 18) is 95.7 %; 2000 draws put the observed rate within ±1 % of it.
    expect(covered / draws).toBeGreaterThanOrEqual(0.945)
  })
})

describe('resolutionMs', () => {
  test('the farther bound of the interval from the estimate, never finer than the clock', () => {
    expect(resolutionMs({ costMs: 1.4, ci95Ms: [1.25, 1.7], pairs: 50 }, 0.0003)).toBeCloseTo(0.3, 10)
    expect(resolutionMs({ costMs: 1.4, ci95Ms: [1.1, 1.5], pairs: 50 }, 0.0003)).toBeCloseTo(0.3, 10)
    expect(resolutionMs({ costMs: 1.4, ci95Ms: [1.4, 1.4], pairs: 50 }, 0.001), 'a degenerate interval: the clock').toBe(0.001)
  })

  test('no wrapper, nothing subtracted: the clock alone', () => {
    expect(resolutionMs(null, 0.0003)).toBe(0.0003)
  })
})
