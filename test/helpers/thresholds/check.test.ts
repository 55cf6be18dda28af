import { describe, expect, test } from 'vitest'
import { summarize } from '../../../helpers/statistics/summarize.ts'
import { checkThreshold, formatLimitMs } from '../../../helpers/thresholds/check.ts'

const summary = summarize([2300, 2345, 2400])

describe('checkThreshold', () => {
  test('over the limit: the sentence gives statistic, value, limit, % over and source', () => {
    expect(checkThreshold('cold nix flake show', summary, { statistic: 'median', limitMs: 2000, source: 'seed 003: flake evaluation ~1–2 s with 29 modules' })).toEqual({
      status: 'fail',
      measuredMs: 2345,
      limitMs: 2000,
      overByPct: 17.25,
      sentence: 'cold nix flake show: median 2345 ms is over the limit of 2000 ms by 17.3 % (limit: seed 003: flake evaluation ~1–2 s with 29 modules)',
    })
  })

  test('within the limit', () => {
    expect(checkThreshold('x', summary, { statistic: 'max', limitMs: 2400, source: 'config' })).toEqual({
      status: 'pass',
      measuredMs: 2400,
      limitMs: 2400,
      sentence: 'x: max 2400 ms is within the limit of 2400 ms (limit: config)',
    })
  })

  test('the mean is compared when asked', () => {
    expect(checkThreshold('x', summarize([1, 2, 6]), { statistic: 'mean', limitMs: 2.5, source: 'config' })).toMatchObject({ status: 'fail', measuredMs: 3 })
  })

  test('a median below the resolution meets a limit by its bound: within when the bound is', () => {
    expect(checkThreshold('spawn `true`', summarize([0.1, -0.05, 0.12], 0.3), { statistic: 'median', limitMs: 50, source: 'config' })).toEqual({
      status: 'pass',
      measuredMs: 0.1,
      limitMs: 50,
      sentence: 'spawn `true`: median below resolution (< 0.3 ms) is within the limit of 50 ms (limit: config)',
    })
  })

  test('a limit finer than the resolution cannot be shown met: it fails and says to raise the limit', () => {
    expect(checkThreshold('spawn `true`', summarize([0.1, -0.05, 0.12], 0.5), { statistic: 'median', limitMs: 0.25, source: 'config' })).toEqual({
      status: 'fail',
      measuredMs: 0.1,
      limitMs: 0.25,
      overByPct: 100,
      sentence: 'spawn `true`: median below resolution (< 0.5 ms) cannot be shown within the limit of 0.25 ms, which is finer than the harness resolves (limit: config); raise the limit above 0.5 ms',
    })
  })

  test('above the resolution, the figure itself is compared', () => {
    expect(checkThreshold('x', summarize([2300, 2345, 2400], 0.3), { statistic: 'median', limitMs: 2000, source: 'config' })).toMatchObject({ status: 'fail', measuredMs: 2345 })
  })

  test('no threshold: no verdict', () => {
    expect(checkThreshold('x', summary, null)).toEqual({ status: 'none' })
  })
})

test.each([[2345.4, '2345'], [100, '100'], [99.96, '100'], [42.34, '42.3'], [1.234, '1.23'], [0.04561, '0.0456'], [0.001, '0.001']])('formatLimitMs(%f) = %s', (ms, text) => {
  expect(formatLimitMs(ms)).toBe(text)
})
