import { describe, expect, test } from 'vitest'
import { formatBytes, formatCi, formatCount, formatDurationMs, formatKb, formatMedian, formatPct } from '../../../helpers/model/format.ts'

describe('formatDurationMs: three significant digits, unit by magnitude', () => {
  test.each([
    [0, '0 ms'], [0.0123, '12.3 µs'], [0.85, '850 µs'], [4.923, '4.92 ms'], [42.34, '42.3 ms'], [999.4, '999 ms'],
    [1234, '1.23 s'], [33_964, '34.0 s'], [120_000, '2 min 00 s'], [125_000, '2 min 05 s'], [3_725_000, '1 h 02 min'],
  ])('%f ms → %s', (ms, text) => {
    expect(formatDurationMs(ms)).toBe(text)
  })

  test.each([
    [0.9996, '1.00 ms'], [99.96, '100 ms'], [999.7, '1.00 s'], [59_996, '1 min 00 s'], [3_599_600, '1 h 00 min'],
  ])('rounding that reaches the next unit moves to it: %f ms → %s', (ms, text) => {
    expect(formatDurationMs(ms)).toBe(text)
  })

  test('a negative duration (a mean CI bound below zero) is shown with a minus sign', () => {
    expect(formatDurationMs(-3.456)).toBe('−3.46 ms')
    expect(formatDurationMs(-1234.2)).toBe('−1.23 s')
  })
})

describe('formatBytes: binary units, switching up at 1000 so a figure never has four digits', () => {
  test.each([
    [0, '0 B'], [512, '512 B'], [999.6, '0.98 KiB'], [4096, '4.00 KiB'], [1_572_864, '1.50 MiB'], [402_653_184, '384 MiB'],
    [1_048_000, '1.00 MiB'], [25_769_803_776, '24.0 GiB'],
  ])('%f B → %s', (bytes, text) => {
    expect(formatBytes(bytes)).toBe(text)
  })

  test('kilobytes as GNU time reports them are KiB', () => {
    expect(formatKb(25_600)).toBe('25.0 MiB')
  })
})

test('percentages: one decimal, never "−0.0"', () => {
  expect(formatPct(99.7713)).toBe('99.8 %')
  expect(formatPct(17.25)).toBe('17.3 %')
  expect(formatPct(-4.96)).toBe('−5.0 %')
  expect(formatPct(-0.04)).toBe('0.0 %')
})

test('counts: digit groups separated by spaces, fractions kept', () => {
  expect(formatCount(1_234_567)).toBe('1 234 567')
  expect(formatCount(731)).toBe('731')
  expect(formatCount(1000.5)).toBe('1 000.5')
  expect(formatCount(-12_345)).toBe('−12 345')
})

test('a confidence interval formats each bound on its own', () => {
  expect(formatCi([71.2, 86.01])).toBe('71.2 ms … 86.0 ms')
  expect(formatCi([980, 1020])).toBe('980 ms … 1.02 s')
})

test('a median below its resolution is shown as such, not as a figure', () => {
  expect(formatMedian({ medianMs: 0.05, resolutionMs: 0.18, belowResolution: true })).toBe('below resolution (< 180 µs)')
  expect(formatMedian({ medianMs: -0.2, resolutionMs: 1.5, belowResolution: true })).toBe('below resolution (< 1.50 ms)')
  expect(formatMedian({ medianMs: 0.7, resolutionMs: 0.18, belowResolution: false })).toBe('700 µs')
  expect(formatMedian({ medianMs: 42.3 }), 'results from before the resolution').toBe('42.3 ms')
})
