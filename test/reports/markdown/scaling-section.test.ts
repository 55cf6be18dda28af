import { expect, test } from 'vitest'
import { extrapolationText } from '../../../reports/markdown/scaling-section.ts'

const fleet = { unit: 'host', points: [1, 3, 6].map((n) => ({ n, benchId: `b${n}`, medianMs: 3000 + 500 * n, counters: {} })) }

test('a far extrapolation gives a range and a warning, no expected figure', () => {
  expect(extrapolationText({
    n: 100, predictedMs: null, lowMs: 40_000, highMs: 70_000, models: ['O(n)', 'O(n log n)'], timesLargestMeasured: 100 / 6,
    farExtrapolationWarning: 'far extrapolation: …',
  }, fleet)).toBe('At 100 hosts: **far extrapolation** (16.7× the largest size measured, 6), no figure can be expected: the models that fit alike (O(n) and O(n log n)) put it at 40.0 s … 1 min 10 s (95 % prediction interval) if the law holds that far, which nothing measured shows.')
})

test('a near one gives the figure, its interval and the models it spans', () => {
  expect(extrapolationText({
    n: 12, predictedMs: 9000, lowMs: 8500, highMs: 9600, models: ['O(n)'], timesLargestMeasured: 2, farExtrapolationWarning: null,
  }, fleet)).toBe('At 12 hosts: 9.00 s expected (95 % prediction interval 8.50 s … 9.60 s; only O(n) fits).')
  expect(extrapolationText({
    n: 12, predictedMs: 9000, lowMs: 8200, highMs: 11_000, models: ['O(n)', 'O(n log n)', 'O(n²)'], timesLargestMeasured: 2, farExtrapolationWarning: null,
  }, fleet)).toBe('At 12 hosts: 9.00 s expected (95 % prediction interval 8.20 s … 11.0 s; across O(n), O(n log n) and O(n²), which fit alike).')
})

test('a far extrapolation with one model says so', () => {
  expect(extrapolationText({
    n: 100, predictedMs: null, lowMs: 203, highMs: 1420, models: ['O(log n)'], timesLargestMeasured: 100 / 6, farExtrapolationWarning: 'far extrapolation: …',
  }, fleet)).toBe('At 100 hosts: **far extrapolation** (16.7× the largest size measured, 6), no figure can be expected: the only model that fits (O(log n)) puts it at 203 ms … 1.42 s (95 % prediction interval) if the law holds that far, which nothing measured shows.')
})
