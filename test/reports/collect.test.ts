import { describe, expect, test } from 'vitest'
import { cacheEffectiveness, harnessFloor } from '../../reports/collect.ts'
import { measuredBench } from './results-factory.ts'

describe('cacheEffectiveness', () => {
  test('pairs the cold and warm bench of a pair key: (cold − warm) / cold', () => {
    const cold = measuredBench({ samplesMs: [200, 200, 200] })
    const warm = measuredBench({ id: 'warm', cacheState: { intended: 'warm', verifiedBy: 'x' }, samplesMs: [50, 50, 50] })
    const unpaired = measuredBench({ id: 'other', pairKey: null })
    expect(cacheEffectiveness([cold, warm, unpaired])).toEqual([
      { pairKey: 'nix flake show', coldId: cold.id, warmId: 'warm', coldMedianMs: 200, warmMedianMs: 50, improvementPct: 75 },
    ])
  })

  test('no pair without both halves measured', () => {
    expect(cacheEffectiveness([measuredBench()])).toEqual([])
  })
})

test('harnessFloor takes the median of the harness/floor bench, or null without it', () => {
  expect(harnessFloor([measuredBench({ id: 'harness/floor', command: ['true'], samplesMs: [4, 5, 6] })])).toEqual({
    command: ['true'], medianMs: 5, madMs: 1, n: 3,
  })
  expect(harnessFloor([measuredBench()])).toBeNull()
})
