import type { Resolution } from '../model/results-schema.ts'
import { compareSamples } from '../statistics/change.ts'
import { median } from '../statistics/median.ts'
import type { CalibrationSamples } from './measure.ts'
import type { CalibrationPlan, CalibrationRole } from './plan.ts'

export type CalibrationStatus = 'within' | 'off'

export interface CommandComparison {
  key: string
  label: string
  role: CalibrationRole
  flakebenchMedianMs: number
  hyperfineMedianMs: number
  /** flakebench's median over hyperfine's. */
  ratio: number
  /** (ratio − 1) × 100, with its 95 % bootstrap interval (null below 3 samples a side). */
  deviationPct: number
  deviationCiPct: [number, number] | null
  flakebenchRuns: number
  hyperfineRuns: number
  /** Timed commands only: the ±target check of the medians. */
  status: CalibrationStatus | null
}

export interface OverheadComparison {
  /** Medians on the trivial command: what one sample costs each tool. */
  flakebenchMs: number
  hyperfineMs: number
  differenceMs: number
  status: CalibrationStatus
}

export interface CalibrationReport {
  mode: CalibrationPlan['mode']
  targets: { medianDeviationPct: number; overheadMs: number }
  commands: CommandComparison[]
  overhead: OverheadComparison | null
  /** GNU time's cost subtracted from every flakebench sample, its interval and the resulting resolution. */
  resolution: Resolution
  /** One sentence per figure outside its target; empty when the harness is within every target. */
  problems: string[]
  passed: boolean
}

/**
 * Samples → verdicts. A timed command is within target when the ratio of the medians is; the trivial command
 * when flakebench's median is within the overhead target of hyperfine's, either way: below it, flakebench
 * subtracted more than GNU time costs. The bootstrap interval is shown, not judged: it says whether an "off" may
 * be noise from a busy machine.
 */
export function judgeCalibration(plan: CalibrationPlan, samples: CalibrationSamples, targets: CalibrationReport['targets']): CalibrationReport {
  const commands = plan.commands.map((command): CommandComparison => {
    const measured = samples.commands.find((entry) => entry.key === command.key)
    if (!measured || measured.flakebenchMs.length === 0 || measured.hyperfineMs.length === 0) {
      throw new Error(`calibration: no samples of ${command.key} from both tools`)
    }
    const flakebenchMedianMs = sortedMedian(measured.flakebenchMs)
    const hyperfineMedianMs = sortedMedian(measured.hyperfineMs)
    const change = compareSamples(measured.hyperfineMs, measured.flakebenchMs, targets.medianDeviationPct)
    return {
      key: command.key,
      label: command.label,
      role: command.role,
      flakebenchMedianMs,
      hyperfineMedianMs,
      ratio: flakebenchMedianMs / hyperfineMedianMs,
      deviationPct: change.changePct,
      deviationCiPct: change.ciPct,
      flakebenchRuns: measured.flakebenchMs.length,
      hyperfineRuns: measured.hyperfineMs.length,
      status: command.role === 'timed' ? (Math.abs(change.changePct) <= targets.medianDeviationPct ? 'within' : 'off') : null,
    }
  })
  const trivial = commands.find((command) => command.role === 'trivial')
  const overhead: OverheadComparison | null = trivial
    ? {
        flakebenchMs: trivial.flakebenchMedianMs,
        hyperfineMs: trivial.hyperfineMedianMs,
        differenceMs: trivial.flakebenchMedianMs - trivial.hyperfineMedianMs,
        status: Math.abs(trivial.flakebenchMedianMs - trivial.hyperfineMedianMs) <= targets.overheadMs ? 'within' : 'off',
      }
    : null
  const problems = [
    ...commands.filter((command) => command.status === 'off').map((command) => medianProblem(command, targets.medianDeviationPct)),
    ...(overhead?.status === 'off' ? [overheadProblem(overhead, targets.overheadMs, samples.resolution.resolutionMs)] : []),
  ]
  return { mode: plan.mode, targets, commands, overhead, resolution: samples.resolution, problems, passed: problems.length === 0 }
}

function sortedMedian(values: readonly number[]): number {
  return median([...values].sort((a, b) => a - b))
}

function medianProblem(command: CommandComparison, targetPct: number): string {
  const direction = command.deviationPct > 0 ? 'above' : 'below'
  const interval = command.deviationCiPct
  const noise = interval && interval[0] <= targetPct && interval[1] >= -targetPct
    ? ` Its 95 % interval (${percent(interval[0])} to ${percent(interval[1])}) reaches into the target, so this may be noise: run again when the machine is calm.`
    : ''
  return `${command.label}: flakebench's median ${ms(command.flakebenchMedianMs)} is ${percent(Math.abs(command.deviationPct), false)} ${direction} ` +
    `hyperfine's ${ms(command.hyperfineMedianMs)} (target ±${targetPct} %).${noise}`
}

function overheadProblem(overhead: OverheadComparison, targetMs: number, resolutionMs: number): string {
  const more = overhead.differenceMs > 0
  // GNU time's cost is known only to ±resolution: a difference within it may be the estimate's error alone.
  const unresolved = resolutionMs > targetMs
    ? ` GNU time's cost was known only to ±${ms(resolutionMs)} in this run, wider than the target: the machine was too busy to calibrate the per-sample cost; run again when it is calm.`
    : ''
  return `per-sample cost: flakebench takes ${ms(overhead.flakebenchMs)} for \`true\`, hyperfine -N ${ms(overhead.hyperfineMs)}: ` +
    `${ms(Math.abs(overhead.differenceMs))} ${more ? 'more' : 'less'} per sample (target within ${targetMs} ms).` +
    (more ? '' : ' GNU time\'s cost was over-estimated (measured while the machine was busy?), so every sample lost too much.') +
    unresolved
}

function ms(value: number): string {
  return `${value.toFixed(value < 10 ? 2 : 1)} ms`
}

function percent(value: number, signed = true): string {
  return `${signed && value > 0 ? '+' : ''}${value.toFixed(1)} %`
}
