import { describe, expect, test } from 'vitest'
import type { MeasuredBench } from '../../../helpers/model/results-schema.ts'
import { mulberry32 } from '../../../helpers/statistics/change.ts'
import { firedRules, sideBySide } from '../../../helpers/statistics/side-by-side.ts'
import { summarize } from '../../../helpers/statistics/summarize.ts'

const settings = { noiseFloorPct: 3, regressionTolerancePct: 10, workGrowthTolerancePct: 10 }

/** A measured bench of these wall times, each sample with the same exact counters. */
function bench(wallMs: readonly number[], counters: Record<string, number>): MeasuredBench {
  return {
    id: 'x', concern: 'c', name: 'n', host: null, command: null, pairKey: null, status: 'measured',
    cacheState: { intended: 'not-applicable', verifiedBy: null },
    samples: wallMs.map((ms) => ({ wallMs: ms, userCpuMs: null, systemCpuMs: null, peakRssKb: null, exitCode: 0, counters })),
    statistics: summarize(wallMs), threshold: null, verdict: { status: 'none' }, warnings: [], facts: {},
  }
}

/** n draws around `centreMs` with ±1 % uniform noise (seeded): a calm machine's samples. */
function draws(centreMs: number, n: number, seed: number): number[] {
  const random = mulberry32(seed)
  return Array.from({ length: n }, () => centreMs * (0.99 + 0.02 * random()))
}

describe('sideBySide', () => {
  test('A/A (both sides drawn from one distribution): unchanged, exact difference 0, no rule', () => {
    const compared = sideBySide({ key: 'k', name: 'n' }, bench(draws(200, 20, 1), { nrFunctionCalls: 900 }), bench(draws(200, 20, 2), { nrFunctionCalls: 900 }), settings)
    expect(compared.verdict).toBe('unchanged')
    expect(compared.counters).toEqual([{ counter: 'nrFunctionCalls', base: 900, head: 900, difference: 0 }])
    expect(firedRules([compared], settings)).toEqual([])
  })

  test('a head twice as slow with twice the work: slower, ratio ≈ 2, both rules fire', () => {
    const compared = sideBySide({ key: 'k', name: 'n' }, bench(draws(200, 10, 1), { nrFunctionCalls: 900 }), bench(draws(400, 10, 2), { nrFunctionCalls: 1800 }), settings)
    expect(compared.verdict).toBe('slower')
    expect(compared.ratio).toBeCloseTo(2, 1)
    expect(compared.ratioCi95![0]).toBeGreaterThan(1.9)
    expect(firedRules([compared], settings)).toEqual([
      { rule: 'slower', key: 'k', changePct: (compared.ratio - 1) * 100, limitPct: 10 },
      { rule: 'work grew', key: 'k', counter: 'nrFunctionCalls', changePct: 100, limitPct: 10 },
    ])
  })

  test('fewer than 3 samples a side: unresolved, no interval', () => {
    const compared = sideBySide({ key: 'k', name: 'n' }, bench([100, 101], {}), bench([300, 301], {}), settings)
    expect(compared).toMatchObject({ verdict: 'unresolved', ratioCi95: null })
  })

  test('slower but within the tolerance, and work grown within it: no rule', () => {
    const compared = sideBySide({ key: 'k', name: 'n' }, bench(draws(200, 20, 1), { nrFunctionCalls: 1000 }), bench(draws(210, 20, 2), { nrFunctionCalls: 1050 }), settings)
    expect(compared.verdict).toBe('slower')
    expect(firedRules([compared], settings)).toEqual([])
  })
})
