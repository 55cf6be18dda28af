import { appendFile, mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { DirtyTreeEvalCache } from '../model/results-schema.ts'
import { describeError } from '../errors.ts'
import { localNixSystem } from '../generate/fixture-flake.ts'
import { initGitRepository } from '../generate/git-repository.ts'
import { nixCommand, nixEnvironment, readShowStats, type NixCall } from '../process/nix.ts'
import { runChecked } from '../process/run-command.ts'
import { createTempDir, type TempDir } from '../process/temp-dir.ts'

/** Runs allowed per tree on a fresh cache: Nix 2.8 answers the third `nix flake show`, 2.26 the second; one is slack. */
const RUNS_PER_TREE = 4

/** The command the warm bench relies on, so the probe answers for it. */
const PROBE_ARGS = ['flake', 'show', '--json'] as const

export interface ProbeOptions {
  timeoutMs: number
  signal?: AbortSignal
}

/**
 * Detects whether the eval cache of the Nix on PATH answers a dirty git tree: a one-derivation git flake, made
 * dirty, is shown up to RUNS_PER_TREE times with a fresh XDG_CACHE_HOME until NIX_SHOW_STATS reports no function
 * call; if none is answered, the same tree, committed, is the control that tells "not cached" from "no cache at
 * all". Failure is data ("unknown"), never a throw.
 */
export async function probeDirtyTreeEvalCache(options: ProbeOptions): Promise<DirtyTreeEvalCache> {
  let temp: TempDir | undefined
  try {
    temp = await createTempDir('flakebench-dirty-probe-')
    const dir = temp.path
    const flakeDir = join(dir, 'flake')
    await mkdir(flakeDir)
    await writeFile(join(flakeDir, 'flake.nix'), probeFlake(localNixSystem()))
    const repository = await initGitRepository(flakeDir)
    await repository.commitAll('dirty-tree probe')
    // A tracked file changed and not committed: what `git status` calls dirty, and what Nix warns about.
    await appendFile(join(flakeDir, 'flake.nix'), '# uncommitted change\n')
    const dirty = await runsUntilAnswered(flakeDir, dir, 'dirty', options)
    const run = { runsPerTree: RUNS_PER_TREE, command: ['nix', ...PROBE_ARGS, '<probe flake>'] }
    // A dirty tree answered shows the cache works; only one never answered needs the committed tree as control.
    if (dirty !== null) return { status: 'cached', answeredOnRun: dirty, ...run }
    await repository.commitAll('dirty-tree probe: the change committed')
    const committed = await runsUntilAnswered(flakeDir, dir, 'clean', options)
    if (committed === null) {
      return {
        status: 'unknown',
        reason: `the eval cache did not answer even a committed tree in ${RUNS_PER_TREE} runs of \`nix ${PROBE_ARGS.join(' ')}\` (is eval-cache = false set in nix.conf or NIX_CONFIG?)`,
      }
    }
    return { status: 'not cached', committedAnsweredOnRun: committed, ...run }
  } catch (error) {
    return { status: 'unknown', reason: `the probe failed: ${describeError(error).message}` }
  } finally {
    await temp?.remove()
  }
}

/** The run (1-based) that the eval cache answered first, starting from caches of its own; null when none did. */
async function runsUntilAnswered(flakeDir: string, workDir: string, tree: 'dirty' | 'clean', options: ProbeOptions): Promise<number | null> {
  const statsPath = join(workDir, `stats-${tree}.json`)
  // Offline whatever the config says: the probe flake has no inputs and builds nothing.
  const env = nixEnvironment({ offline: true, xdgCacheHome: join(workDir, `cache-${tree}`), showStatsPath: statsPath })
  const call: Omit<NixCall, 'args'> = { env, timeoutMs: options.timeoutMs, signal: options.signal }
  for (let run = 1; run <= RUNS_PER_TREE; run++) {
    await runChecked(nixCommand({ ...call, args: [...PROBE_ARGS, flakeDir] }))
    const calls = (await readShowStats(statsPath))?.nrFunctionCalls
    if (calls === undefined) throw new Error('NIX_SHOW_STATS wrote no nrFunctionCalls, so a cache hit cannot be told from a miss')
    if (calls === 0) return run
  }
  return null
}

/** One derivation that `nix flake show` must evaluate for its name; nothing is ever built. */
function probeFlake(system: string): string {
  return `{
  outputs = _: {
    packages.${system}.default = derivation { name = "flakebench-dirty-tree-probe"; system = "${system}"; builder = "/bin/sh"; };
  };
}
`
}

/** `nix flake metadata --json` of a git flake with uncommitted changes: no `revision` (newer Nix adds `dirtyRevision`). */
export function metadataShowsDirtyTree(metadata: { locked?: { type?: string }; revision?: string; dirtyRevision?: string }): boolean {
  return metadata.dirtyRevision !== undefined || (metadata.locked?.type === 'git' && metadata.revision === undefined)
}

export async function flakeTreeIsDirty(flakeRef: string, call: Omit<NixCall, 'args'>): Promise<boolean> {
  return metadataShowsDirtyTree(JSON.parse(await runChecked(nixCommand({ ...call, args: ['flake', 'metadata', '--json', flakeRef] }))) as Parameters<typeof metadataShowsDirtyTree>[0])
}

/**
 * Why a warm evaluation of a dirty flake cannot be measured on this Nix, or null when it can: only a probe that
 * saw the eval cache answer a committed tree but never a dirty one rules it out. An unknown probe lets the bench
 * try, and fail with its own reason if the cache never answers.
 */
export function dirtyTreeWarmSkipReason(probe: DirtyTreeEvalCache, nixVersion: string): string | null {
  if (probe.status !== 'not cached') return null
  return `your flake's git tree is dirty, and Nix ${nixVersion} does not cache a dirty tree's evaluation (probed: a committed tree was answered on run ${probe.committedAnsweredOnRun}, a dirty one in none of ${probe.runsPerTree} runs): commit your changes to measure warm evaluation`
}
