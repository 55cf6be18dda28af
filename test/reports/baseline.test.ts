import { describe, expect, test } from 'vitest'
import { summarize } from '../../helpers/statistics/summarize.ts'
import { compareWithBaseline, incompatibility } from '../../reports/baseline.ts'
import { measuredBench, performanceResults, sample } from './results-factory.ts'

const settings = { file: 'flakebench-baseline.json', noiseFloorPct: 3, regressionTolerancePct: 10, force: false }
const bench = (id: string, samplesMs: number[], counters = { nrFunctionCalls: 1000 }) =>
  measuredBench({ id, name: id, samples: samplesMs.map((wallMs) => sample(wallMs, counters)) })

describe('compareWithBaseline', () => {
  const baseline = performanceResults([bench('a', [100, 101, 99, 100, 102]), bench('b', [50, 51, 49, 50, 50]), bench('gone', [10, 10, 10])])
  const current = performanceResults([bench('a', [130, 129, 131, 130, 128]), bench('b', [50, 50, 51, 49, 50], { nrFunctionCalls: 1200 }), bench('new', [1, 1, 1])])

  test('verdicts with intervals; a slowdown past the tolerance is a regression; changed work is named', () => {
    const comparison = compareWithBaseline(baseline, current, settings)
    if (comparison.status !== 'compared') throw new Error('not compared')
    const [a, b] = comparison.entries
    expect(a).toMatchObject({ id: 'a', verdict: 'slower', regression: true, baselineMedianMs: 100, currentMedianMs: 130, counterChanges: [] })
    expect(b).toMatchObject({ id: 'b', verdict: 'unchanged', regression: false, counterChanges: [{ counter: 'nrFunctionCalls', baseline: 1000, current: 1200 }] })
    expect(comparison.missing).toEqual(['gone'])
    expect(comparison.forced).toBe(false)
  })

  test('a median below the resolution in either run cannot be compared: unresolved, never a regression', () => {
    const floor = (samplesMs: number[]) => ({ ...bench('floor', samplesMs), statistics: summarize(samplesMs, 0.3) })
    const before = performanceResults([floor([0.1, 0.12, 0.09, 0.11, 0.1])])
    const after = performanceResults([floor([0.25, 0.26, 0.24, 0.25, 0.27])])
    const comparison = compareWithBaseline(before, after, settings)
    expect(comparison.status === 'compared' && comparison.entries[0]).toMatchObject({ id: 'floor', verdict: 'unresolved', ciPct: null, regression: false })
  })

  test('a different drvPath is reported: faster but building something else', () => {
    const before = performanceResults([{ ...bench('eval', [100, 100, 100]), facts: { drvPath: '/nix/store/aaa-system.drv' } }])
    const after = performanceResults([{ ...bench('eval', [80, 80, 80]), facts: { drvPath: '/nix/store/bbb-system.drv' } }])
    const comparison = compareWithBaseline(before, after, settings)
    expect(comparison.status === 'compared' && comparison.entries[0]).toMatchObject({
      verdict: 'faster',
      factChanges: [{ fact: 'drvPath', baseline: '/nix/store/aaa-system.drv', current: '/nix/store/bbb-system.drv' }],
    })
  })

  test('another Nix version, machine or fixture: refused with the reason and what to do, unless forced', () => {
    const otherNix = performanceResults([bench('a', [100, 100, 100])], {
      provenance: { ...current.provenance, nix: { implementation: 'lix', version: '2.91.1', versionLine: 'nix (Lix, like Nix) 2.91.1' } },
    })
    expect(incompatibility(baseline, otherNix)).toBe('the baseline ran on nix 2.8, this run on lix 2.91')
    expect(compareWithBaseline(baseline, otherNix, settings)).toEqual({
      status: 'refused',
      baselineFile: 'flakebench-baseline.json',
      reason: 'the baseline ran on nix 2.8, this run on lix 2.91; save a new baseline with `npm run baseline`, or set baseline.force to compare anyway',
    })
    expect(compareWithBaseline(baseline, otherNix, { ...settings, force: true })).toMatchObject({ status: 'compared', forced: true })
    const otherShape = performanceResults([], { target: { kind: 'fixture', flakeRef: '/tmp/x', fixtureShape: { modules: 100 }, revision: null } })
    expect(incompatibility(baseline, otherShape)).toMatch(/^the baseline measured another target or fixture shape/)
  })
})
