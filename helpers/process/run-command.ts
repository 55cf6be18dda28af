import { readFile } from 'node:fs/promises'
import { constants } from 'node:os'
import { join } from 'node:path'
import type { Resolution, Sample } from '../model/results-schema.ts'
import { CommandError } from '../errors.ts'
import { gnuTimeArgs, parseGnuTime } from './gnu-time.ts'
import { measurementResolution } from './resolution.ts'
import { timerGranularityMs } from './timer-granularity.ts'
import { spawnTimed, type TimedLine } from './timed-spawn.ts'
import { createTempDir } from './temp-dir.ts'
import { gnuTimePath } from './tools.ts'

export type { TimedLine } from './timed-spawn.ts'

export interface CommandSpec {
  file: string
  args: readonly string[]
  /** Added to (and overriding) the parent's environment. */
  env?: Readonly<Record<string, string>>
  cwd?: string
  timeoutMs: number
  /** Aborting it (Vitest's test signal, an interrupt) kills the command's whole process tree. */
  signal?: AbortSignal
  /** Record when each stderr line arrived (for logs without timestamps, e.g. Nix's internal-json). */
  timestampStderr?: boolean
  /** What the command acts on, named first in its error: e.g. the test host of one lane of a fleet deploy. */
  label?: string
}

export interface CommandRun {
  /** Its wallMs is rawWallMs less the wrapper's estimated cost: below 0 for a trivial command at times, never clamped. */
  sample: Omit<Sample, 'counters'>
  /** Spawn to exit, the wrapper (GNU time) included: always positive. */
  rawWallMs: number
  /** What was subtracted from rawWallMs, and how uncertain it is. */
  resolution: Resolution
  stdout: string
  stderr: string
  /** Filled only with `timestampStderr`. */
  stderrLines: TimedLine[]
  timedOut: boolean
  interrupted: boolean
}

/** Lines of stderr kept in an error: enough for Nix's error trace, short enough for a table. */
const STDERR_TAIL_LINES = 20

/**
 * Runs a command without a shell, in its own process group so that a timeout or an abort kills every process it
 * started, and measures it: wall time as hyperfine takes it (`spawnTimed`), less GNU time's own estimated cost
 * (not clamped: a figure within the resolution of 0 is reported as such, never as 0); CPU and peak RSS from GNU
 * time. Never throws for a non-zero exit: that is data (see `assertSucceeded`).
 */
export async function runCommand(spec: CommandSpec): Promise<CommandRun> {
  const timeBinary = await gnuTimePath()
  // Null without GNU time (or when its cost could not be measured): then nothing is subtracted.
  const resolution = await measurementResolution()
  const subtractedMs = resolution.wrapperCost?.costMs ?? 0
  const scratch = timeBinary ? await createTempDir('flakebench-time-') : null
  const timeFile = scratch ? join(scratch.path, 'time') : null
  const [file, args] = timeBinary && timeFile
    ? [timeBinary, gnuTimeArgs(timeFile, spec.file, spec.args)]
    : [spec.file, spec.args]

  let spawned: Awaited<ReturnType<typeof spawnTimed>>
  let usage: ReturnType<typeof parseGnuTime> = null
  try {
    spawned = await spawnTimed(file, args, spec)
    if (timeFile) usage = parseGnuTime(await readFile(timeFile, 'utf8').catch(() => ''))
  } finally {
    await scratch?.remove()
  }
  const { result } = spawned

  return {
    sample: {
      wallMs: spawned.wallMs - subtractedMs,
      userCpuMs: usage?.userCpuMs ?? null,
      systemCpuMs: usage?.systemCpuMs ?? null,
      peakRssKb: usage?.peakRssKb ?? null,
      exitCode: result.exitCode ?? 128 + (result.signal ? constants.signals[result.signal] : 0),
    },
    rawWallMs: spawned.wallMs,
    resolution,
    stdout: String(result.stdout ?? ''),
    stderr: String(result.stderr ?? ''),
    stderrLines: spawned.stderrLines,
    timedOut: spawned.timedOut,
    interrupted: spawned.interrupted,
  }
}

/**
 * Throws a CommandError naming the command, the reason and the tail of its stderr unless it succeeded.
 * `stderrText` replaces raw stderr where the command logs in a machine format (e.g. Nix's internal-json).
 */
/** A failed run's errors, read where the command logs in a machine format, and what to do when the text shows it. */
export interface FailureText {
  text: string
  hint: string | null
}

export function assertSucceeded(spec: CommandSpec, run: CommandRun, failure: FailureText = { text: run.stderr, hint: null }): CommandRun {
  if (!run.timedOut && !run.interrupted && run.sample.exitCode === 0) return run
  const command = `${spec.label ? `${spec.label}: ` : ''}\`${[spec.file, ...spec.args].join(' ')}\`${spec.cwd ? ` (in ${spec.cwd})` : ''}`
  const stderrTail = tail(failure.text, STDERR_TAIL_LINES)
  const exit = { command: [spec.file, ...spec.args], exitCode: run.sample.exitCode, timedOut: run.timedOut, interrupted: run.interrupted }
  if (run.timedOut) {
    throw new CommandError(`${command} did not finish within ${spec.timeoutMs} ms and was killed with its process tree`, {
      hint: 'raise timeoutMs in your config (flakebench.config.ts or .json) if the command is merely slow, or find why it hangs',
      stderrTail,
      exit,
    })
  }
  if (run.interrupted) throw new CommandError(`${command} was interrupted`, { stderrTail, exit })
  throw new CommandError(`${command} failed with exit code ${run.sample.exitCode}${stderrTail ? `:\n${stderrTail}` : ''}`, {
    ...(failure.hint ? { hint: failure.hint } : {}),
    stderrTail,
    exit,
  })
}

/**
 * Lanes of commands at the same time: each lane runs its commands in order and stops at its first failure. For
 * fan-out work such as deploying to several hosts at once (per host: copy, then activate).
 */
export async function runLanes(lanes: ReadonlyArray<readonly CommandSpec[]>): Promise<Array<{ spec: CommandSpec; run: CommandRun }>> {
  const finished = await Promise.all(lanes.map(async (lane) => {
    const runs: Array<{ spec: CommandSpec; run: CommandRun }> = []
    for (const spec of lane) {
      const run = await runCommand(spec)
      runs.push({ spec, run })
      if (run.sample.exitCode !== 0 || run.timedOut || run.interrupted) break
    }
    return runs
  }))
  return finished.flat()
}

/**
 * Several runs as one sample: the wall time of all of them, CPU summed, the largest peak RSS, the first failure.
 * That wall time is taken around the whole fan-out, wrappers included, so nothing is subtracted from it and its
 * resolution is the clock's.
 */
export function combineRuns(runs: readonly CommandRun[], wallMs: number): CommandRun {
  const granularityMs = timerGranularityMs()
  const sum = (values: Array<number | null>) => (values.some((value) => value === null) ? null : values.reduce<number>((total, value) => total + value!, 0))
  return {
    sample: {
      wallMs,
      userCpuMs: sum(runs.map((run) => run.sample.userCpuMs)),
      systemCpuMs: sum(runs.map((run) => run.sample.systemCpuMs)),
      peakRssKb: runs.some((run) => run.sample.peakRssKb === null) ? null : Math.max(...runs.map((run) => run.sample.peakRssKb!)),
      exitCode: runs.find((run) => run.sample.exitCode !== 0)?.sample.exitCode ?? 0,
    },
    rawWallMs: wallMs,
    resolution: { resolutionMs: granularityMs, timerGranularityMs: granularityMs, wrapperCost: null },
    stdout: runs.map((run) => run.stdout).join(''),
    stderr: runs.map((run) => run.stderr).join(''),
    stderrLines: runs.flatMap((run) => run.stderrLines),
    timedOut: runs.some((run) => run.timedOut),
    interrupted: runs.some((run) => run.interrupted),
  }
}

/**
 * Runs a command that must succeed and returns its stdout; for preparation steps that are not timed.
 * `failureText` reads a failed run's errors where the command logs in a machine format.
 */
export async function runChecked(spec: CommandSpec, failureText?: (run: CommandRun) => FailureText): Promise<string> {
  const run = await runCommand(spec)
  return assertSucceeded(spec, run, failureText?.(run)).stdout
}

export function tail(text: string, lines: number): string | null {
  const kept = text.trimEnd().split('\n').slice(-lines).join('\n')
  return kept.length > 0 ? kept : null
}
