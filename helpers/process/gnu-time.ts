import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { z } from 'zod'
import { WrapperCostSchema, type WrapperCost } from '../model/results-schema.ts'
import { estimateWrapperCost, resolutionMs, type TimedPair } from '../statistics/wrapper-cost.ts'
import { createTempDir } from './temp-dir.ts'
import { spawnTimed } from './timed-spawn.ts'
import { timerGranularityMs } from './timer-granularity.ts'
import { findExecutable } from './tools.ts'

/** GNU time format: elapsed s, user s, system s, max RSS KiB. */
const GNU_TIME_FORMAT = '%e %U %S %M'
/**
 * Pairs per round of the wrapper's cost estimate (about 0.35 s on this 2-core machine, execa's own spawn included).
 * 25 pairs gave a 95 % interval of ±0.13–0.6 ms (typically ±0.25) on a calm machine and ±2–6 ms with both cores busy.
 */
const PAIRS_PER_ROUND = 25
/**
 * Rounds stop once the resolution is this fine: 50 calm pairs reached ±0.08–0.25 ms. A stop on the interval's width,
 * not on the estimate, keeps its coverage asymptotically (Chow & Robbins 1965, fixed-width sequential intervals).
 */
const TARGET_RESOLUTION_MS = 0.2
/** At most 75 pairs (1 s calm, 2–3 s with both cores busy, per estimate): 200 busy pairs still gave ±1.5 ms. */
const MAX_PAIRS = 75
/**
 * No new round after this long: with both cores busy 75 pairs took 3–4 s for ±3 ms, 25 pairs ±2–6 ms, and the
 * estimate delays a process's first command (a 5 s test timeout, say). Calm, 75 pairs fit within it.
 */
const ESTIMATE_BUDGET_MS = 1_500
/** Spawns first discarded, as hyperfine warms up: the first exec of a binary pays for loading it. */
const WARMUP_PAIRS = 3

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

const costByBinary = new Map<string, Promise<WrapperCost | null>>()

/**
 * The environment variable through which a run's one estimate reaches its worker processes (JSON: `timeBinary`,
 * `cost`), set by shareGnuTimeCost before any worker starts.
 */
export const SHARED_GNU_TIME_COST = 'FLAKEBENCH_GNU_TIME_COST'

const SharedCost = z.strictObject({ timeBinary: z.string(), cost: WrapperCostSchema.nullable() })

/**
 * What GNU time adds to a sample's wall time (its own start-up, a fork and exec, its exit), with its 95 % interval:
 * 1–2 ms per sample on a calm 2-core machine, 2–4 % of a 50 ms command, more under load. Estimated once per process,
 * or taken from SHARED_GNU_TIME_COST when the run estimated it once for all its bench files (each file runs in a
 * process of its own; 1–1.5 s each), from interleaved pairs of `time true` and
 * `true`, in rounds until its interval is narrow enough (TARGET_RESOLUTION_MS), MAX_PAIRS is reached or the time budget
 * is spent (ESTIMATE_BUDGET_MS; the stops look at the interval's width and the clock, never at the estimate); runCommand
 * subtracts it from every wrapped sample. Null when no trivial program runs: nothing is subtracted then.
 */
export function gnuTimeCost(timeBinary: string): Promise<WrapperCost | null> {
  let cost = costByBinary.get(timeBinary)
  if (!cost) {
    const shared = sharedCost(timeBinary)
    cost = shared === undefined ? measureCost(timeBinary) : Promise.resolve(shared)
    costByBinary.set(timeBinary, cost)
  }
  return cost
}

/** The run's shared estimate for this binary; undefined when there is none (or it is for another binary). */
function sharedCost(timeBinary: string): WrapperCost | null | undefined {
  const text = process.env[SHARED_GNU_TIME_COST]
  if (!text) return undefined
  const parsed = SharedCost.safeParse(JSON.parse(text))
  if (!parsed.success) throw new TypeError(`${SHARED_GNU_TIME_COST} is not an estimate flakebench wrote: ${parsed.error.message}`)
  return parsed.data.timeBinary === timeBinary ? parsed.data.cost : undefined
}

/** Estimates the cost once and hands it to the worker processes started after this call, through the environment. */
export async function shareGnuTimeCost(timeBinary: string): Promise<void> {
  delete process.env[SHARED_GNU_TIME_COST]
  const cost = await measureCost(timeBinary)
  process.env[SHARED_GNU_TIME_COST] = JSON.stringify({ timeBinary, cost } satisfies z.infer<typeof SharedCost>)
}

async function measureCost(timeBinary: string): Promise<WrapperCost | null> {
  const trivial = await findExecutable('true') ?? await findExecutable('true', '/usr/bin:/bin')
  if (!trivial) return null
  const scratch = await createTempDir('flakebench-time-')
  try {
    const options = { timeoutMs: 10_000 }
    const wrappedArgs = gnuTimeArgs(join(scratch.path, 'time'), trivial, [])
    const pairs: TimedPair[] = []
    const granularityMs = timerGranularityMs()
    const startMs = performance.now()
    for (let pair = 0; ; pair += 1) {
      const bare = await spawnTimed(trivial, [], options)
      const wrapped = await spawnTimed(timeBinary, wrappedArgs, options)
      if (bare.result.exitCode !== 0 || wrapped.result.exitCode !== 0) return null
      if (pair >= WARMUP_PAIRS) pairs.push({ bareMs: bare.wallMs, wrappedMs: wrapped.wallMs })
      if (pairs.length > 0 && pairs.length % PAIRS_PER_ROUND === 0) {
        const cost = estimateWrapperCost(pairs)
        const done = pairs.length >= MAX_PAIRS || performance.now() - startMs >= ESTIMATE_BUDGET_MS
        if (done || resolutionMs(cost, granularityMs) <= TARGET_RESOLUTION_MS) return cost
      }
    }
  } finally {
    await scratch.remove()
  }
}
