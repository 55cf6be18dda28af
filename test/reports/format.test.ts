import { expect, test } from 'vitest'
import { formatBytes, formatCi, formatCount, formatDurationMs, formatPct } from '../../reports/format.ts'

test.each([
  [0, '0 ms'], [0.85, '850 µs'], [0.0123, '12.3 µs'], [4.923, '4.92 ms'], [42.34, '42.3 ms'], [999.4, '999 ms'],
  [1234, '1.23 s'], [-1234.2, '−1.23 s'], [33_964, '34.0 s'], [125_000, '2 min 05 s'], [120_000, '2 min 00 s'],
])('formatDurationMs(%f) = %s', (ms, text) => {
  expect(formatDurationMs(ms)).toBe(text)
})

test.each([[512, '512 B'], [4096, '4.00 KiB'], [1_572_864, '1.50 MiB'], [402_653_184, '384 MiB'], [25_769_803_776, '24.0 GiB']])(
  'formatBytes(%i) = %s', (bytes, text) => {
    expect(formatBytes(bytes)).toBe(text)
  },
)

test('percentages, counts and intervals', () => {
  expect(formatPct(99.7713)).toBe('99.8 %')
  expect(formatCount(1_234_567)).toBe('1 234 567')
  expect(formatCount(731)).toBe('731')
  expect(formatCount(0.05)).toBe('0.05')
  expect(formatCi([71.2, 86.01])).toBe('71.2 ms … 86.0 ms')
})
