import { expect, test } from 'vitest'
import { runStatus } from '../../../helpers/judgements/run-status.ts'
import type { Comparison } from '../../../helpers/model/results-schema.ts'
import { measuredBench } from '../../reports/results-factory.ts'

const passing = [measuredBench()]
const overLimit = measuredBench({ verdict: { status: 'fail', measuredMs: 2345, limitMs: 2000, overByPct: 17.25, sentence: 'x' } })
const compared = (regression: boolean): Comparison => ({
  status: 'compared', baselineFile: 'b.json', baselineStartedAt: '2026-11-22T01:00:00.000Z', forced: false, method: 'm', noiseFloorPct: 3, regressionTolerancePct: 10,
  entries: [{ id: 'a', name: 'a', baselineMedianMs: 100, currentMedianMs: 130, changePct: 30, ciPct: [20, 40], verdict: 'slower', regression, counterChanges: [], factChanges: [] }],
  missing: [],
})

test('passed only when nothing failed it', () => {
  expect(runStatus({ endReason: 'passed', benchmarks: passing, errors: [], comparison: compared(false) })).toBe('passed')
})

test.each([
  ['a bench over its limit', { benchmarks: [overLimit] }],
  ['a run error', { errors: ['flakebench: could not write PERFORMANCE.md'] }],
  ['a regression', { comparison: compared(true) }],
  ['Vitest saying the run failed', { endReason: 'failed' as const }],
])('%s fails the run', (_, change) => {
  expect(runStatus({ endReason: 'passed', benchmarks: passing, errors: [], comparison: null, ...change })).toBe('failed')
})

test('an interrupted run stays interrupted, whatever else failed', () => {
  expect(runStatus({ endReason: 'interrupted', benchmarks: [overLimit], errors: ['e'], comparison: compared(true) })).toBe('interrupted')
})
