import { MissingToolError } from '../errors.ts'
import { NIX_INSTALL_HINT, nixEnvironment } from '../process/nix.ts'
import { findExecutable } from '../process/tools.ts'

/** What `npm run calibrate` requires of flakebench's measuring path against hyperfine, its reference. */
export const CALIBRATION_TARGETS = {
  /** flakebench's median within ±2 % of hyperfine's for commands of 50 ms to 5 s. */
  medianDeviationPct: 2,
  /** flakebench's per-sample cost on a trivial command within 1 ms of `hyperfine -N`'s. */
  overheadMs: 1,
}

export type CalibrationRole =
  /** `true`: its median is the per-sample cost of each tool, judged against `overheadMs`. */
  | 'trivial'
  /** A command of 50 ms to 5 s whose medians are judged against `medianDeviationPct`. */
  | 'timed'

export interface CalibrationCommand {
  key: string
  /** What it is and why, for the table. */
  label: string
  role: CalibrationRole
  file: string
  args: string[]
  env?: Record<string, string>
  /**
   * Rounds of one flakebench batch and one hyperfine batch, their order alternating (ABBA) against drift; the
   * CPU-bound commands get many small batches, since a shared machine's load changes within seconds.
   */
  rounds: number
  runsPerBatch: number
  /** Untimed runs before each tool's first batch: the first exec of a binary pays for loading it from disk. */
  warmupRuns: number
}

export interface CalibrationPlan {
  mode: 'full' | 'quick'
  commands: CalibrationCommand[]
}

/**
 * Nested folds over generated lists in `nix-instantiate --eval`: CPU-bound, deterministic evaluation (the work
 * flakebench measures most), in one process with no files, store or network. `outer` thousands of additions.
 */
export function nixFoldExpression(outer: number): string {
  return `builtins.foldl' (a: i: a + builtins.foldl' (b: j: b + j) i (builtins.genList (j: j) 1000)) 0 (builtins.genList (i: i) ${outer})`
}

/**
 * The commands compared. Sleeps are exact, load-independent durations (/bin/sleep, no shell), so any difference
 * is the harness; the nix evaluation is the CPU-bound case. Sizes are for this 2-core machine: 150 and 2000
 * outer folds took 45 ms and 0.39 s under hyperfine (about half of it allocation, so system time). The full plan takes about a minute (sleep 5 s alone is 20 s),
 * the quick one a few seconds.
 */
export async function calibrationPlan(mode: 'full' | 'quick'): Promise<CalibrationPlan> {
  const trueBinary = await requireExecutable('true', 'install coreutils')
  const sleep = await requireExecutable('sleep', 'install coreutils')
  const nixInstantiate = await requireExecutable('nix-instantiate', NIX_INSTALL_HINT)
  const nixEval = (outer: number) => ({ file: nixInstantiate, args: ['--eval', '--expr', nixFoldExpression(outer)], env: nixEnvironment({ offline: true }) })
  const quick = mode === 'quick'
  const commands: CalibrationCommand[] = [
    { key: 'true', label: 'true (the per-sample cost)', role: 'trivial', file: trueBinary, args: [], rounds: quick ? 3 : 6, runsPerBatch: quick ? 5 : 10, warmupRuns: 2 },
    { key: 'sleep-50ms', label: 'sleep 0.05', role: 'timed', file: sleep, args: ['0.05'], rounds: quick ? 2 : 6, runsPerBatch: quick ? 3 : 5, warmupRuns: 1 },
    // 30 runs a side left a 95 % interval of about ±10 % on this shared machine; 80 narrow it for 5 s more.
    { key: 'nix-eval-50ms', label: 'nix-instantiate --eval, 150 folds', role: 'timed', ...nixEval(150), rounds: quick ? 3 : 40, runsPerBatch: 2, warmupRuns: 1 },
  ]
  if (!quick) {
    commands.push(
      { key: 'sleep-500ms', label: 'sleep 0.5', role: 'timed', file: sleep, args: ['0.5'], rounds: 4, runsPerBatch: 3, warmupRuns: 0 },
      { key: 'nix-eval-500ms', label: 'nix-instantiate --eval, 2000 folds', role: 'timed', ...nixEval(2000), rounds: 20, runsPerBatch: 1, warmupRuns: 1 },
      { key: 'sleep-5s', label: 'sleep 5', role: 'timed', file: sleep, args: ['5'], rounds: 2, runsPerBatch: 1, warmupRuns: 0 },
    )
  }
  return { mode, commands }
}

async function requireExecutable(name: string, hint: string): Promise<string> {
  const path = await findExecutable(name)
  if (!path) throw new MissingToolError(`${name} was not found on PATH`, { hint })
  return path
}
