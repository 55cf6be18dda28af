import { readdir, rm } from 'node:fs/promises'
import { join } from 'node:path'
import type { CacheState } from '../model/results-schema.ts'
import type { FlakebenchConfig } from '../config/schema.ts'
import { CacheStateError } from '../errors.ts'
import { deleteStorePath, flakeSourcePath, nixCommand, nixEnvironment, readShowStats, storePathExists } from '../process/nix.ts'
import { runChecked, type CommandSpec } from '../process/run-command.ts'
import { createTempDir, type TempDir } from '../process/temp-dir.ts'
import { runMode } from '../config/run-mode.ts'
import type { NixBuild } from '../process/nix-builds.ts'

/** Runs of a command before its evaluation is cached; 2 suffice with Nix 2.8, one more is slack. */
const PRIME_MAX_RUNS = 3
const WARM_HINT =
  'use a command that reads the eval cache (nix flake show, nix build; not nix eval), and check that eval-cache is not turned off; on Nix 2.21 and later a dirty git tree is never cached, so commit the flake (PERFORMANCE.md\'s provenance shows what your Nix does with a dirty tree)'

/**
 * Nix's flake caches for one bench file, kept apart from the user's: `$XDG_CACHE_HOME/nix` holds the evaluation
 * cache (eval-cache-v2) and the fetcher cache. Cold = both empty and the flake's source gone from the store;
 * warm = primed, and proven by NIX_SHOW_STATS reporting no function call (the eval cache answered).
 */
export class EvalCaches {
  private statsCount = 0
  private sourcePath: string | undefined
  /** Cleared when a sample could not be checked (no NIX_SHOW_STATS file), so the report says "unverified". */
  private everySampleChecked = true

  private constructor(
    private readonly config: FlakebenchConfig,
    private readonly flakeRef: string,
    private readonly tempDir: TempDir,
    private readonly signal?: AbortSignal,
    /** Which Nix runs the commands; absent: the run's first, on PATH. Each Nix gets its own caches (formats differ). */
    private readonly build?: NixBuild,
  ) {}

  static async create(config: FlakebenchConfig, flakeRef: string, signal?: AbortSignal, build?: NixBuild): Promise<EvalCaches> {
    return new EvalCaches(config, flakeRef, await createTempDir('flakebench-eval-'), signal, build)
  }

  /** A nix command with the isolated caches and a fresh NIX_SHOW_STATS file. */
  nix(args: readonly string[]): CommandSpec {
    this.statsCount += 1
    return nixCommand({ args, nix: this.build, env: this.env(this.statsPath()), timeoutMs: this.config.timeoutMs, signal: this.signal })
  }

  /**
   * The same without NIX_SHOW_STATS, for timed samples whose counters come from a separate untimed run: from Nix
   * 2.19 the variable makes Nix run a full garbage collection before it prints, inside the timed process.
   */
  uncounted(args: readonly string[]): CommandSpec {
    return nixCommand({ args, nix: this.build, env: this.env(), timeoutMs: this.config.timeoutMs, signal: this.signal })
  }

  /** Runs a command untimed with NIX_SHOW_STATS and returns its counters (null when Nix wrote none). */
  async counted(args: readonly string[]): Promise<Record<string, number> | null> {
    await runChecked(this.nix(args))
    return readShowStats(this.statsPath())
  }

  /**
   * Whether cold also means the flake's source deleted from the store: always for flakes flakebench generated,
   * for yours only with `allow.deleteStorePaths`.
   */
  get deletesSource(): boolean {
    return runMode(this.config).storePathsDeleted !== 'none'
  }

  /** Empties both caches and (see `deletesSource`) deletes the flake's source path, then checks that all are gone. */
  async makeCold(): Promise<void> {
    const cacheDir = join(this.dir, 'xdg-cache', 'nix')
    const call = { env: this.env(), timeoutMs: this.config.timeoutMs, signal: this.signal, nix: this.build }
    // Asking for the source path fills the fetcher cache, so it comes before the caches are emptied.
    const sourcePath = this.deletesSource ? (this.sourcePath ??= await flakeSourcePath(this.flakeRef, call)) : null
    await rm(cacheDir, { recursive: true, force: true })
    if (sourcePath) {
      try {
        await deleteStorePath(sourcePath, call)
      } catch (error) {
        throw new CacheStateError(`cannot make the cold state: the flake source ${sourcePath} cannot be deleted from the store`, {
          hint: 'something still references it (a GC root or a result link); remove that reference, or skip the cold bench',
          cause: error,
        })
      }
    }
    const leftovers = await readdir(cacheDir).catch(() => [])
    if (leftovers.length > 0 || (sourcePath && (await storePathExists(sourcePath, call)))) {
      throw new CacheStateError(`the cold state did not hold: ${leftovers.length} cache entries remain${sourcePath ? ` or ${sourcePath} is still in the store` : ''}`)
    }
  }

  /**
   * Runs a command, untimed, until the evaluation cache answers it (no function call). Nix 2.8 needs two runs
   * of `nix flake show` on a fresh cache before the third is answered from it. Returns the runs it took.
   */
  async primeUntilCached(args: readonly string[], maxRuns = PRIME_MAX_RUNS): Promise<number> {
    for (let runs = 1; runs <= maxRuns; runs++) {
      await runChecked(this.nix(args))
      const calls = (await readShowStats(this.statsPath()))?.nrFunctionCalls
      if (calls === undefined) return runs
      if (calls === 0) return runs - 1
    }
    throw new CacheStateError(`the evaluation cache still did not answer \`nix ${args.join(' ')}\` after ${maxRuns} runs`, { hint: WARM_HINT })
  }

  /** The counters of the last command; throws when they contradict the intended cache state. */
  async inspect(intended: CacheState['intended']): Promise<Record<string, number> | null> {
    const counters = await readShowStats(this.statsPath())
    const calls = counters?.nrFunctionCalls
    if (calls === undefined) {
      this.everySampleChecked = false
      return counters
    }
    if (intended === 'warm' && calls !== 0) {
      throw new CacheStateError(`the evaluation cache did not answer: nrFunctionCalls = ${calls}, expected 0 for a warm run`, { hint: WARM_HINT })
    }
    if (intended === 'cold' && calls === 0) {
      throw new CacheStateError('a cold run evaluated nothing (nrFunctionCalls = 0): the evaluation cache was not empty')
    }
    return counters
  }

  /** The cache state for the report, "verified" only if every sample was checked. */
  state(intended: CacheState['intended'], checkedBy: string): CacheState {
    return { intended, verifiedBy: this.everySampleChecked ? checkedBy : null }
  }

  dispose(): Promise<void> {
    return this.tempDir.remove()
  }

  private get dir(): string {
    return this.tempDir.path
  }

  private env(showStatsPath?: string): Record<string, string> {
    return nixEnvironment({ offline: this.config.offline, xdgCacheHome: join(this.dir, 'xdg-cache'), showStatsPath })
  }

  private statsPath(): string {
    return join(this.dir, `stats-${this.statsCount}.json`)
  }
}

