import { describe, expect, test } from 'vitest'
import { subtractionWarning } from '../../../helpers/judgements/subtraction-warning.ts'

describe('subtractionWarning', () => {
  const resolution = { resolutionMs: 1.5, timerGranularityMs: 0.0003, wrapperCost: { costMs: 6.5, ci95Ms: [5, 8] as [number, number], pairs: 50 } }

  test('a median below 0 by more than the resolution: the cost was estimated under heavier load', () => {
    expect(subtractionWarning('spawn `true`', -3.7, resolution)).toBe(
      'spawn `true`: the median reads −3.70 ms, below 0 by more than the resolution (±1.50 ms): GNU time\'s cost (6.50 ms) was estimated ' +
      'while the machine was busier than when the samples ran, so the short figures of this bench file read low by up to that much; run again on a calmer machine.',
    )
  })

  test('within the resolution of 0, above it, or nothing subtracted: no warning', () => {
    expect(subtractionWarning('x', -1.5, resolution)).toBeNull()
    expect(subtractionWarning('x', 40, resolution)).toBeNull()
    expect(subtractionWarning('x', -3, { resolutionMs: 0.0003, timerGranularityMs: 0.0003, wrapperCost: null })).toBeNull()
  })
})
