import { describe, expect, test } from 'vitest'
import { compareSamples, mulberry32 } from '../../../helpers/statistics/change.ts'

/** Synthetic timings: a base time with log-normal-ish multiplicative noise (CV about 5 %), seeded. */
function timings(random: () => number, baseMs: number, n: number): number[] {
  return Array.from({ length: n }, () => {
    const gaussian = Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random())
    return baseMs * Math.exp(0.05 * gaussian)
  })
}

describe('compareSamples on literal inputs', () => {
  test('a clear slowdown', () => {
    const result = compareSamples([100, 101, 99, 100, 102], [130, 129, 131, 130, 128], 3)
    expect(result.verdict).toBe('slower')
    expect(result.changePct).toBeCloseTo(30, 10)
    expect(result.ciPct![0]).toBeGreaterThan(3)
  })
  test('the same numbers: unchanged, 0 %', () => {
    expect(compareSamples([100, 101, 99, 100, 102], [100, 101, 99, 100, 102], 3)).toMatchObject({ verdict: 'unchanged', changePct: 0 })
  })
  test('too few samples: unresolved, no interval', () => {
    // Medians 100.5 and 150.5.
    expect(compareSamples([100, 101], [150, 151], 3)).toEqual({ changePct: (150.5 / 100.5 - 1) * 100, ciPct: null, verdict: 'unresolved' })
  })
  test('noise wider than the floor: unresolved', () => {
    expect(compareSamples([80, 120, 100, 90, 110], [85, 125, 104, 95, 118], 3).verdict).toBe('unresolved')
  })
  test('the same samples always give the same interval', () => {
    expect(compareSamples([1, 2, 3, 4], [2, 3, 4, 5], 3)).toEqual(compareSamples([1, 2, 3, 4], [2, 3, 4, 5], 3))
  })
})

// 200 bootstrap comparisons each: about 2 s alone, several times that on a loaded machine.
describe('validity over repeated trials (10 samples a side, CV about 5 %, noise floor 3 %)', { timeout: 60_000 }, () => {
  const trials = 200
  test('A/A: the same workload twice is flagged slower in at most 5 % of trials', () => {
    const random = mulberry32(42)
    const flagged = Array.from({ length: trials }, (_, trial) => compareSamples(timings(random, 100, 10), timings(random, 100, 10), 3, trial + 1).verdict === 'slower').filter(Boolean).length
    expect(flagged / trials).toBeLessThanOrEqual(0.05)
  })
  test('an injected +25 % slowdown is flagged slower in at least 90 % of trials', () => {
    const random = mulberry32(7)
    const flagged = Array.from({ length: trials }, (_, trial) => compareSamples(timings(random, 100, 10), timings(random, 125, 10), 3, trial + 1).verdict === 'slower').filter(Boolean).length
    expect(flagged / trials).toBeGreaterThanOrEqual(0.9)
  })
})
