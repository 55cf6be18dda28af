import { expect, test } from 'vitest'
import { compareNixVersions } from '../../../helpers/statistics/nix-version-comparison.ts'
import { measuredBench } from '../../reports/results-factory.ts'

const side = (label: string, samplesMs: number[], counters: Record<string, number> | null, facts: Record<string, string> = {}) =>
  ({ label, bench: measuredBench({ id: `nix-versions/x/${label}`, name: `x on ${label}`, samplesMs, facts }), counters })

test('clearly separated synthetic samples: ratio of medians, an interval beyond the noise floor, faster', () => {
  const row = compareNixVersions('evaluate', side('old', [100, 102, 98, 101, 99, 100], { nrFunctionCalls: 917 }), side('new', [50, 51, 49, 50, 52, 48], { nrFunctionCalls: 917 }), 3)
  expect(row.ratio).toBe(0.5)
  expect(row.ratioCi95![1]).toBeLessThan(0.97)
  expect(row.verdict).toBe('faster')
  expect(row.counters).toEqual([{ counter: 'nrFunctionCalls', baseline: 917, variant: 917 }])
  expect(row.notes).toEqual([])
})

test('different work is noted: a work counter or a fact that differs; allocation counters alone are not', () => {
  const row = compareNixVersions('evaluate',
    side('old', [100, 100, 100], { nrFunctionCalls: 10, 'values.number': 1662 }, { drvPath: '/nix/store/a.drv' }),
    side('new', [100, 100, 100], { nrFunctionCalls: 12, 'values.number': 1640 }, { drvPath: '/nix/store/b.drv' }), 3)
  expect(row.notes).toEqual([
    'different work: nrFunctionCalls 10 (old) vs 12 (new)',
    'different result: drvPath /nix/store/a.drv (old) vs /nix/store/b.drv (new)',
  ])
  expect(row.verdict).toBe('unchanged')
})

test('fewer than 3 samples a side: no interval, unresolved', () => {
  const row = compareNixVersions('x', side('old', [100, 101], null), side('new', [50, 51], null), 3)
  expect(row).toMatchObject({ ratioCi95: null, verdict: 'unresolved', counters: [] })
})
