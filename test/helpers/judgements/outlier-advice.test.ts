import { describe, expect, test } from 'vitest'
import { outlierWarning } from '../../../helpers/judgements/outlier-advice.ts'
import { summarize } from '../../../helpers/statistics/summarize.ts'

describe('outlierWarning', () => {
  test('none: no warning', () => {
    expect(outlierWarning(summarize([1, 2, 3]), 'x')).toBeNull()
  })
  test('scattered outliers: interference', () => {
    const samples = [10, 10, 11, 10, 40, 9, 10, 45]
    expect(outlierWarning(summarize(samples), 'warm nix flake show', samples[0])).toBe(
      '2 of 8 samples of "warm nix flake show" are outliers (modified z-score > 3.5): close other programs, raise the iteration count, or add a warmup iteration.',
    )
  })
  test('a single outlier that is not first: singular wording', () => {
    const samples = [10, 10, 11, 10, 40, 9]
    expect(outlierWarning(summarize(samples), 'x', samples[0])).toBe(
      '1 of 6 samples of "x" is an outlier (modified z-score > 3.5): close other programs, raise the iteration count, or add a warmup iteration.',
    )
  })
  test('a fast first outlier is not a cold start', () => {
    const samples = [1, 10, 11, 10, 9, 10]
    expect(outlierWarning(summarize(samples), 'x', samples[0])).toBe(
      '1 of 6 samples of "x" is an outlier (modified z-score > 3.5): close other programs, raise the iteration count, or add a warmup iteration.',
    )
  })
  test('the slowest first sample among several outliers: warmup first', () => {
    const samples = [90, 10, 11, 40, 10, 9, 10]
    expect(outlierWarning(summarize(samples), 'cold nix flake show', samples[0])).toBe(
      '2 of 7 samples of "cold nix flake show" are outliers (modified z-score > 3.5), the first being the slowest: add a warmup iteration first for the cold start; if outliers remain, close other programs or raise the iteration count.',
    )
  })
  test('without the first sample, no cold-start hint', () => {
    expect(outlierWarning(summarize([90, 10, 11, 10, 9, 10]), 'x')).toBe(
      '1 of 6 samples of "x" is an outlier (modified z-score > 3.5): close other programs, raise the iteration count, or add a warmup iteration.',
    )
  })
  test('a slow first sample alone: a cold start', () => {
    const samples = [90, 10, 11, 10, 9, 10]
    expect(outlierWarning(summarize(samples), 'nix flake check', samples[0])).toBe(
      'the first sample of "nix flake check" is a slow outlier (modified z-score > 3.5): it likely paid for a cold start; add a warmup iteration.',
    )
  })
})
