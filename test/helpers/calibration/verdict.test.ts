import { describe, expect, test } from 'vitest'
import type { CalibrationSamples } from '../../../helpers/calibration/measure.ts'
import type { CalibrationCommand, CalibrationPlan } from '../../../helpers/calibration/plan.ts'
import { judgeCalibration } from '../../../helpers/calibration/verdict.ts'

const TARGETS = { medianDeviationPct: 2, overheadMs: 1 }

function command(key: string, role: CalibrationCommand['role']): CalibrationCommand {
  return { key, label: key, role, file: key, args: [], rounds: 2, runsPerBatch: 3, warmupRuns: 0 }
}

const PLAN: CalibrationPlan = { mode: 'quick', commands: [command('true', 'trivial'), command('sleep 0.05', 'timed')] }

function samples(trueMs: [number[], number[]], sleepMs: [number[], number[]]): CalibrationSamples {
  return {
    resolution: { resolutionMs: 0.15, timerGranularityMs: 0.0003, wrapperCost: { costMs: 1.25, ci95Ms: [1.1, 1.4], pairs: 50 } },
    commands: [
      { key: 'true', flakebenchMs: trueMs[0], hyperfineMs: trueMs[1] },
      { key: 'sleep 0.05', flakebenchMs: sleepMs[0], hyperfineMs: sleepMs[1] },
    ],
  }
}

describe('judgeCalibration', () => {
  test('medians within ±2 % and a per-sample cost within 1 ms of hyperfine pass', () => {
    const report = judgeCalibration(PLAN, samples(
      [[0.9, 0.7, 0.8, 0.75], [0.6, 0.65, 0.62, 0.7]],
      [[51.9, 52.0, 51.8, 52.3], [51.5, 51.6, 51.7, 51.4]],
    ), TARGETS)
    const [trivial, sleep] = report.commands
    expect(trivial!.status, 'the trivial command is judged by its per-sample cost only').toBeNull()
    expect(sleep!.flakebenchMedianMs).toBeCloseTo(51.95, 10)
    expect(sleep!.hyperfineMedianMs).toBeCloseTo(51.55, 10)
    expect(sleep!.ratio).toBeCloseTo(51.95 / 51.55, 10)
    expect(sleep!.deviationPct).toBeCloseTo((51.95 / 51.55 - 1) * 100, 10)
    expect(sleep!.deviationCiPct, 'an interval from 4 samples a side').not.toBeNull()
    expect(sleep!.status).toBe('within')
    expect(report.overhead).toEqual({ flakebenchMs: 0.775, hyperfineMs: 0.635, differenceMs: expect.closeTo(0.14, 10), status: 'within' })
    expect(report.problems).toEqual([])
    expect(report.passed).toBe(true)
  })

  test('a median 3 % off and a per-sample cost 4 ms over hyperfine fail, each with a sentence', () => {
    const report = judgeCalibration(PLAN, samples(
      [[4.6, 4.7, 4.8], [0.6, 0.7, 0.65]],
      [[53.56, 53.56, 53.56], [52, 52, 52]],
    ), TARGETS)
    expect(report.commands[1]!.status).toBe('off')
    expect(report.overhead!.status).toBe('off')
    expect(report.passed).toBe(false)
    expect(report.problems).toEqual([
      "sleep 0.05: flakebench's median 53.6 ms is 3.0 % above hyperfine's 52.0 ms (target ±2 %).",
      'per-sample cost: flakebench takes 4.70 ms for `true`, hyperfine -N 0.65 ms: 4.05 ms more per sample (target within 1 ms).',
    ])
  })

  test('a per-sample cost far below hyperfine\'s is off too: GNU time\'s cost was over-estimated', () => {
    const report = judgeCalibration(PLAN, samples([[0, 0, 0.1], [1.2, 1.3, 1.25]], [[52, 52, 52], [52, 52, 52]]), TARGETS)
    expect(report.overhead!.status).toBe('off')
    expect(report.problems).toEqual([
      'per-sample cost: flakebench takes 0.00 ms for `true`, hyperfine -N 1.25 ms: 1.25 ms less per sample (target within 1 ms). ' +
        "GNU time's cost was over-estimated (measured while the machine was busy?), so every sample lost too much.",
    ])
  })

  test('a per-sample cost off while GNU time\'s cost is known only more coarsely than the target says the machine was too busy', () => {
    const busy = { ...samples([[-1, -0.5, -1.2], [1.2, 1.3, 1.25]], [[52, 52, 52], [52, 52, 52]]), resolution: { resolutionMs: 2.5, timerGranularityMs: 0.0003, wrapperCost: { costMs: 6.3, ci95Ms: [3.8, 8.1] as [number, number], pairs: 50 } } }
    expect(judgeCalibration(PLAN, busy, TARGETS).problems).toEqual([
      'per-sample cost: flakebench takes -1.00 ms for `true`, hyperfine -N 1.25 ms: 2.25 ms less per sample (target within 1 ms). ' +
        "GNU time's cost was over-estimated (measured while the machine was busy?), so every sample lost too much. " +
        "GNU time's cost was known only to ±2.50 ms in this run, wider than the target: the machine was too busy to calibrate the per-sample cost; run again when it is calm.",
    ])
  })

  test('an off median whose interval reaches into the target says it may be noise', () => {
    const report = judgeCalibration(PLAN, samples(
      [[0.7, 0.7, 0.7], [0.7, 0.7, 0.7]],
      [[48, 55, 62, 49, 54], [50, 51, 52, 53, 50.5]],
    ), TARGETS)
    expect(report.commands[1]!.status).toBe('off')
    expect(report.problems[0]).toMatch(/^sleep 0\.05: flakebench's median 54\.0 ms is 5\.9 % above hyperfine's 51\.0 ms \(target ±2 %\)\. Its 95 % interval \(.+\) reaches into the target, so this may be noise: run again when the machine is calm\.$/)
  })

  test('a flakebench median below hyperfine is off too: subtracting too much is as wrong as too little', () => {
    const report = judgeCalibration(PLAN, samples([[0.7], [0.7]], [[49, 49, 49], [51, 51, 51]]), TARGETS)
    expect(report.problems).toEqual(["sleep 0.05: flakebench's median 49.0 ms is 3.9 % below hyperfine's 51.0 ms (target ±2 %)."])
  })

  test('a command without samples from both tools is a bug, not a verdict', () => {
    expect(() => judgeCalibration(PLAN, samples([[0.7], []], [[50], [50]]), TARGETS)).toThrow('calibration: no samples of true from both tools')
  })
})
