import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { median } from '../statistics/median.ts'
import { spawnTimed } from './timed-spawn.ts'
import { findExecutable } from './tools.ts'

/** GNU time format: elapsed s, user s, system s, max RSS KiB. */
const GNU_TIME_FORMAT = '%e %U %S %M'
/**
 * Pairs of spawns that estimate the wrapper's cost: about 0.15 s. Medians of 5 pairs on a calm 2-core machine
 * ranged from 0.8 to 1.3 ms, so fewer pairs could subtract too much from every sample.
 */
const OVERHEAD_PAIRS = 25
/** Spawns first discarded, as hyperfine warms up: the first exec of a binary pays for loading it. */
const OVERHEAD_WARMUP_PAIRS = 3

export interface ResourceUsage {
  userCpuMs: number
  systemCpuMs: number
  peakRssKb: number
}

/** The arguments that run `file args` under GNU time, writing its figures to `outputFile`. */
export function gnuTimeArgs(outputFile: string, file: string, args: readonly string[]): string[] {
  return ['-f', GNU_TIME_FORMAT, '-o', outputFile, file, ...args]
}

/** GNU time writes "Command exited with non-zero status N" or "Command terminated by signal N" before the numbers. */
export function parseGnuTime(text: string): ResourceUsage | null {
  const last = text.trim().split('\n').at(-1) ?? ''
  const fields = last.split(' ').map(Number)
  if (fields.length !== 4 || fields.some((value) => !Number.isFinite(value))) return null
  const [, userS, systemS, peakRssKb] = fields as [number, number, number, number]
  return { userCpuMs: userS * 1000, systemCpuMs: systemS * 1000, peakRssKb }
}

/**
 * The wrapper's own cost per sample: the median of (wrapped − bare) over interleaved pairs of the same trivial
 * command, never below 0. hyperfine subtracts its shell's spawn time the same way.
 */
export function wrapperOverheadMs(pairs: ReadonlyArray<{ bareMs: number; wrappedMs: number }>): number {
  if (pairs.length === 0) return 0
  return Math.max(0, median(pairs.map((pair) => pair.wrappedMs - pair.bareMs).sort((a, b) => a - b)))
}

const overheadByBinary = new Map<string, Promise<number>>()

/**
 * What GNU time adds to a sample's wall time (its own start-up, a fork and exec, its exit): 1–2 ms per sample on a
 * 2-core machine, 2–4 % of a 50 ms command. Measured once per process and subtracted from every wrapped sample.
 * 0 when no trivial program runs, so nothing is subtracted that was not measured.
 */
export function gnuTimeOverheadMs(timeBinary: string): Promise<number> {
  let overhead = overheadByBinary.get(timeBinary)
  if (!overhead) {
    overhead = measureOverheadMs(timeBinary)
    overheadByBinary.set(timeBinary, overhead)
  }
  return overhead
}

async function measureOverheadMs(timeBinary: string): Promise<number> {
  const trivial = await findExecutable('true') ?? await findExecutable('true', '/usr/bin:/bin')
  if (!trivial) return 0
  const scratch = await mkdtemp(join(tmpdir(), 'flakebench-time-'))
  try {
    const options = { timeoutMs: 10_000 }
    const wrappedArgs = gnuTimeArgs(join(scratch, 'time'), trivial, [])
    const pairs: Array<{ bareMs: number; wrappedMs: number }> = []
    for (let pair = 0; pair < OVERHEAD_WARMUP_PAIRS + OVERHEAD_PAIRS; pair += 1) {
      const bare = await spawnTimed(trivial, [], options)
      const wrapped = await spawnTimed(timeBinary, wrappedArgs, options)
      if (bare.result.exitCode !== 0 || wrapped.result.exitCode !== 0) return 0
      if (pair >= OVERHEAD_WARMUP_PAIRS) pairs.push({ bareMs: bare.wallMs, wrappedMs: wrapped.wallMs })
    }
    return wrapperOverheadMs(pairs)
  } finally {
    await rm(scratch, { recursive: true, force: true })
  }
}
