import { describe, expect, test } from 'vitest'
import { summarize } from '../../../helpers/statistics/summarize.ts'
import { checkThreshold } from '../../../helpers/judgements/threshold.ts'

const summary = summarize([2300, 2345, 2400])

describe('checkThreshold', () => {
  test('over the limit: the sentence gives statistic, value, limit, % over and source', () => {
    expect(checkThreshold('cold nix flake show', summary, { statistic: 'median', limitMs: 2000, source: 'seed 003: flake evaluation ~1–2 s with 29 modules' })).toEqual({
      status: 'fail',
      measuredMs: 2345,
      limitMs: 2000,
      overByPct: 17.25,
      sentence: 'cold nix flake show: median 2.35 s is over the limit of 2.00 s by 17.3 % (limit: seed 003: flake evaluation ~1–2 s with 29 modules)',
    })
  })

  test('within the limit', () => {
    expect(checkThreshold('x', summary, { statistic: 'max', limitMs: 2400, source: 'config' })).toEqual({
      status: 'pass',
      measuredMs: 2400,
      limitMs: 2400,
      sentence: 'x: max 2.40 s is within the limit of 2.40 s (limit: config)',
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
      sentence: 'spawn `true`: median below resolution (< 300 µs) is within the limit of 50.0 ms (limit: config)',
    })
  })

  test('a limit finer than the resolution cannot be shown met: it fails and says to raise the limit', () => {
    expect(checkThreshold('spawn `true`', summarize([0.1, -0.05, 0.12], 0.5), { statistic: 'median', limitMs: 0.25, source: 'config' })).toEqual({
      status: 'fail',
      measuredMs: 0.1,
      limitMs: 0.25,
      overByPct: 100,
      sentence: 'spawn `true`: median below resolution (< 500 µs) cannot be shown within the limit of 250 µs, which is finer than the harness resolves (limit: config); raise the limit above 500 µs',
    })
  })

  test('above the resolution, the figure itself is compared', () => {
    expect(checkThreshold('x', summarize([2300, 2345, 2400], 0.3), { statistic: 'median', limitMs: 2000, source: 'config' })).toMatchObject({ status: 'fail', measuredMs: 2345 })
  })

  test('no threshold: no verdict', () => {
    expect(checkThreshold('x', summary, null)).toEqual({ status: 'none' })
  })
})

test('the limit reads as the report prints it: the same formatter as the table', () => {
  const verdict = checkThreshold('x', summarize([1200, 1224.5, 1250]), { statistic: 'median', limitMs: 1000, source: 'config' })
  expect(verdict).toMatchObject({ status: 'fail', sentence: 'x: median 1.22 s is over the limit of 1.00 s by 22.5 % (limit: config)' })
})
