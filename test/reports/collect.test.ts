import { describe, expect, test } from 'vitest'
import { cacheEffectiveness, harnessFloor } from '../../reports/collect.ts'
import { RESOLUTION_METHOD, runResolution } from '../../helpers/environment/run-resolution.ts'
import { summarize } from '../../helpers/statistics/summarize.ts'
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

test('harnessFloor with its resolution: spawn to exit before the subtraction, and whether the median is below the resolution', () => {
  const resolution = { resolutionMs: 0.2, timerGranularityMs: 0.0003, wrapperCost: { costMs: 1.5, ci95Ms: [1.3, 1.7] as [number, number], pairs: 50 } }
  const floor = (samplesMs: number[]) => measuredBench({ id: 'harness/floor', command: ['true'], samplesMs, statistics: summarize(samplesMs, 0.2), resolution })
  expect(harnessFloor([floor([0.6, 0.7, 0.8])])).toEqual({
    command: ['true'], medianMs: 0.7, madMs: 0.09999999999999998, n: 3, rawMedianMs: 2.2, resolutionMs: 0.2, belowResolution: false,
  })
  expect(harnessFloor([floor([-0.1, 0.1, 0.15])]), 'the wrapper estimated too high: the raw figure stays positive').toMatchObject({
    medianMs: 0.1, rawMedianMs: 1.6, belowResolution: true,
  })
})

test('runResolution: the coarsest resolution of the run, the range of the costs subtracted and the number of estimates', () => {
  const of = (resolutionMs: number, costMs: number, pairs: number) => ({ resolutionMs, timerGranularityMs: 0.0003, wrapperCost: { costMs, ci95Ms: [costMs - resolutionMs, costMs + resolutionMs] as [number, number], pairs } })
  const benches = [measuredBench({ resolution: of(0.2, 1.4, 50) }), measuredBench({ resolution: of(0.2, 1.4, 50) }), measuredBench({ resolution: of(0.9, 2.6, 75) }), measuredBench()]
  expect(runResolution(benches)).toEqual({
    resolutionMs: 0.9, timerGranularityMs: 0.0003, wrapperCostMs: [1.4, 2.6], pairs: [50, 75], estimates: 2, method: RESOLUTION_METHOD,
  })
  expect(runResolution([measuredBench()]), 'none recorded').toBeNull()
  const nothingSubtracted = { resolutionMs: 0.0003, timerGranularityMs: 0.0003, wrapperCost: null }
  expect(runResolution([measuredBench({ resolution: nothingSubtracted })])).toMatchObject({ resolutionMs: 0.0003, wrapperCostMs: null, pairs: null, estimates: 0 })
})
