import { expect, test } from 'vitest'
import { scalingSeries } from '../../../helpers/statistics/scaling-series.ts'
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
