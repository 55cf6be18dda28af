import { expect, test } from 'vitest'
import { bencherMetricFormat, githubActionBenchmark } from '../../reports/exports.ts'
import { measuredBench, performanceResults } from './results-factory.ts'

const results = performanceResults([
  measuredBench({ id: 'flake-evaluation/cold-flake-show', samplesMs: [100, 110, 105, 95, 120, 101] }),
  { id: 'terraform/plan', concern: 'terraform', name: 'plan', host: null, command: null, pairKey: null, status: 'skipped', reason: 'not installed' },
])

test('github-action-benchmark customSmallerIsBetter: name, unit, value (the median), range and extra; skipped benches left out', () => {
  expect(githubActionBenchmark(results)).toEqual([{
    name: 'flake evaluation: cold nix flake show', unit: 'ms', value: 103, range: '± 5.00 (MAD)', extra: 'median of 6 samples; id flake-evaluation/cold-flake-show',
  }])
})

test('Bencher Metric Format: latency in nanoseconds with the median interval as bounds', () => {
  expect(bencherMetricFormat(results)).toEqual({
    'flake-evaluation/cold-flake-show': { latency: { value: 103e6, lower_value: 95e6, upper_value: 120e6 } },
  })
})
