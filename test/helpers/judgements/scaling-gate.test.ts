import { describe, expect, test } from 'vitest'
import { scalingSeries } from '../../../helpers/judgements/scaling-gate.ts'
import { measuredBench } from '../../reports/results-factory.ts'

const sizes = [10, 40, 100, 400]
const series = (cost: (n: number) => number) => scalingSeries({
  id: 's', name: 'evaluation time against module count', unit: 'module', sizes,
  outcomes: sizes.map((n) => measuredBench({ id: `m${n}`, samplesMs: [cost(n), cost(n), cost(n)] })),
  counters: ['nrFunctionCalls'], growthLimitAt4x: 4.6, targets: [800],
})

test('linear growth passes the gate and extrapolates along the line', () => {
  const linear = series((n) => 40 + 2 * n)!
  expect(linear.fit).toMatchObject({ model: 'O(n)' })
  expect(linear.gate).toMatchObject({ status: 'pass' })
  expect(linear.gate.sentence).toBe('evaluation time against module count: cost at 400 modules is ×3.50 the cost at 100 (95 % CI ×3.50 … ×3.50), within the ×4.6 limit for linear growth (best fit O(n))')
  expect(linear.extrapolations[0]!.predictedMs).toBeCloseTo(1640, 6)
})

describe('far extrapolations', () => {
  const fleet = [1, 3, 6]
  const fleetSeries = (targets: number[]) => scalingSeries({
    id: 'f', name: 'vars generation time against machine count', unit: 'machine', sizes: fleet,
    outcomes: fleet.map((n) => measuredBench({ id: `f${n}`, samplesMs: [1000 + 500 * n, 1010 + 500 * n, 990 + 500 * n] })),
    counters: [], growthLimitAt4x: 4.6, targets,
  })!

  test('16× the largest size measured (100 hosts from fleets of up to 6) carries the warning and no figure', () => {
    const [target] = fleetSeries([96]).extrapolations
    expect(target).toMatchObject({ n: 96, predictedMs: null, timesLargestMeasured: 16, models: ['O(n)'] })
    expect(target!.farExtrapolationWarning).toBe('far extrapolation: 96 machines is 16.0× the largest size measured (6), past 4×; the fitted laws are assumed to hold that far, which nothing measured shows')
    expect(target!.lowMs).toBeLessThan(target!.highMs)
  })

  test('2× the largest size is no far extrapolation: a figure with its interval', () => {
    const [target] = fleetSeries([12]).extrapolations
    expect(target).toMatchObject({ n: 12, timesLargestMeasured: 2, farExtrapolationWarning: null })
    expect(target!.predictedMs).toBeCloseTo(7000, 6)
  })

  test('exactly 4× is the last size without the warning', () => {
    const [atFour, pastFour] = fleetSeries([24, 25]).extrapolations
    expect(atFour!.farExtrapolationWarning).toBeNull()
    expect(pastFour!.farExtrapolationWarning).toMatch(/^far extrapolation: 25 machines is 4\.2× /)
  })
})

test('quadratic growth fails the gate, with a sentence that says so', () => {
  const quadratic = series((n) => 40 + 0.5 * n * n)!
  expect(quadratic.fit.model).toBe('O(n²)')
  expect(quadratic.gate.status).toBe('fail')
  expect(quadratic.gate.sentence).toMatch(/^evaluation time against module count: cost at 400 modules is ×15\.\d\d the cost at 100 \(95 % CI ×15\.\d\d … ×15\.\d\d\), over the ×4\.6 limit for linear growth \(best fit O\(n²\)\)$/)
})

test('over the limit only through a few slow samples: unresolved, not failed, with advice', () => {
  const outcomes = sizes.map((n) => {
    const typical = 40 + 2 * n
    return measuredBench({ id: `m${n}`, samplesMs: n === 400 ? [typical, typical * 4, typical * 4.1] : [typical, typical, typical] })
  })
  const noisy = scalingSeries({ id: 's', name: 'x', unit: 'module', sizes, outcomes, counters: [], growthLimitAt4x: 4.6, targets: [] })!
  expect(noisy.gate.status).toBe('unresolved')
  expect(noisy.gate.ciAt4x![0]).toBeLessThanOrEqual(4.6)
  expect(noisy.gate.sentence).toMatch(/over, but not beyond noise: the ×4\.6 limit for linear growth \(best fit .*\) take more samples \(iterations\) to decide$/)
})

test('a size that was not measured gives no series', () => {
  expect(scalingSeries({
    id: 's', name: 'x', unit: 'module', sizes: [1, 2, 3],
    outcomes: [measuredBench(), measuredBench()], counters: [], growthLimitAt4x: 4.6, targets: [],
  })).toBeNull()
})
