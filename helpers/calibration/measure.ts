import type { Resolution } from '../model/results-schema.ts'
import { assertSucceeded, runCommand, type CommandSpec } from '../process/run-command.ts'
import { measurementResolution } from '../process/resolution.ts'
import { runHyperfineBatch } from './hyperfine.ts'
import type { CalibrationCommand, CalibrationPlan } from './plan.ts'
import { createTempDir } from '../process/temp-dir.ts'

/** Long enough for the slowest batch (5 × sleep 5 s) on a busy machine. */
const BATCH_TIMEOUT_MS = 120_000

export interface CommandSamples {
  key: string
  /** Wall times through runCommand, the path every bench measures with. */
  flakebenchMs: number[]
  /** hyperfine's `times` of the same command, in ms. */
  hyperfineMs: number[]
}

export interface CalibrationSamples {
  commands: CommandSamples[]
  /** What runCommand subtracts per sample for GNU time, with its uncertainty: the resolution. */
  resolution: Resolution
}

export interface MeasureOptions {
  hyperfine: string
  signal?: AbortSignal
  /** Told before each command is measured, e.g. to show progress. */
  onCommand?: (command: CalibrationCommand, index: number) => void
}

/**
 * Measures every command of the plan with flakebench's runCommand and with `hyperfine -N`, in alternating
 * batches (flakebench first in even rounds, hyperfine first in odd ones) so that drift on a shared machine
 * falls on both alike. Returns the samples only.
 */
export async function measureCalibration(plan: CalibrationPlan, options: MeasureOptions): Promise<CalibrationSamples> {
  const resolution = await measurementResolution()
  const scratch = await createTempDir('flakebench-calibrate-')
  try {
    const commands: CommandSamples[] = []
    for (const [index, command] of plan.commands.entries()) {
      options.onCommand?.(command, index)
      commands.push(await measureCommand(command, options, scratch.path))
    }
    return { commands, resolution }
  } finally {
    await scratch.remove()
  }
}

async function measureCommand(command: CalibrationCommand, options: MeasureOptions, scratchDir: string): Promise<CommandSamples> {
  const spec: CommandSpec = { file: command.file, args: command.args, timeoutMs: BATCH_TIMEOUT_MS, signal: options.signal, ...(command.env ? { env: command.env } : {}) }
  const flakebenchMs: number[] = []
  const hyperfineMs: number[] = []
  // Each tool's first batch gets the warm-up runs, whichever goes first.
  let flakebenchWarmupRuns = command.warmupRuns
  let hyperfineWarmupRuns = command.warmupRuns
  const flakebenchBatch = async () => {
    for (let run = 0; run < flakebenchWarmupRuns + command.runsPerBatch; run += 1) {
      const sample = assertSucceeded(spec, await runCommand(spec)).sample
      if (run >= flakebenchWarmupRuns) flakebenchMs.push(sample.wallMs)
    }
    flakebenchWarmupRuns = 0
  }
  const hyperfineBatch = async () => {
    hyperfineMs.push(...await runHyperfineBatch({
      hyperfine: options.hyperfine, command: spec, runs: command.runsPerBatch, warmupRuns: hyperfineWarmupRuns, scratchDir,
      timeoutMs: BATCH_TIMEOUT_MS, signal: options.signal,
    }))
    hyperfineWarmupRuns = 0
  }
  for (let round = 0; round < command.rounds; round += 1) {
    const [first, second] = round % 2 === 0 ? [flakebenchBatch, hyperfineBatch] : [hyperfineBatch, flakebenchBatch]
    await first()
    await second()
  }
  return { key: command.key, flakebenchMs, hyperfineMs }
}
