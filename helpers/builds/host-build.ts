import { CacheStateError, CommandError } from '../errors.ts'
import type { CountersOf } from '../model/concerns.ts'
import { nixCommand, type NixCall } from '../process/nix.ts'
import { runChecked, type CommandRun, type CommandSpec, type FailureText } from '../process/run-command.ts'
import type { BinaryCache } from './binary-cache.ts'
import { parsePathInfo, type PathInfo } from '../nix-output/path-info.ts'
import { parseBuildLog, type BuildBreakdown } from './build-log.ts'
import { sandboxShellArgs, storeUri } from './build-workspace.ts'

/** What a build must show for its cache state to hold. */
export type BuildExpectation =
  | 'uncached' // every derivation of the closure built, nothing substituted
  | 'cached' // nothing built: everything came from the binary cache
  | 'partial' // some substituted, some built (the cache holds the previous generation)
  | 'incremental' // the store holds the previous generation: only what changed is built

export interface BuildOptions {
  storeRoot: string
  /** One or more flake installables, built in one `nix build`. */
  installables: readonly string[]
  caches: readonly BinaryCache[]
  /** `--max-jobs`: parallel derivation builds; Nix's default is 1. */
  maxJobs?: string
  /** Nix's remote builders (`--builders`), e.g. `ssh://root@10.1.1.2 x86_64-linux /key 1 1`. */
  builders?: readonly string[]
  call: Omit<NixCall, 'args'>
}

export function nixBuild(options: BuildOptions): CommandSpec {
  const { storeRoot, installables, caches, maxJobs, builders, call } = options
  const substituters = caches.length === 0 ? [] : [
    '--option', 'substituters', caches.map((cache) => cache.url).join(' '),
    '--option', 'trusted-public-keys', caches.flatMap((cache) => (cache.publicKey ? [cache.publicKey] : [])).join(' '),
  ]
  return {
    ...nixCommand({
      ...call,
      args: [
        'build', '--no-link', '--json', '--store', storeUri(storeRoot), '--log-format', 'internal-json',
        ...sandboxShellArgs(), ...substituters, ...(maxJobs ? ['--max-jobs', maxJobs] : []),
        ...(builders ? ['--builders', builders.join(' ; ')] : []), ...installables,
      ],
    }),
    timestampStderr: true,
  }
}

/**
 * Nix's own error messages instead of JSON log lines, each failed derivation's last log lines, and the fix for
 * a sandbox without a shell as the error's hint.
 */
export function buildFailureText(run: CommandRun): FailureText {
  const { errors, logTails } = parseBuildLog(run.stderrLines)
  const failedLogs = Object.entries(logTails)
    .filter(([drv, lines]) => lines.length > 0 && errors.some((error) => error.includes(drv)))
    .map(([drv, lines]) => `last lines of the log of ${drv}:\n${lines.map((line) => `  ${line}`).join('\n')}`)
  const text = errors.length > 0 ? [...errors, ...failedLogs].join('\n') : run.stderr
  const noShell = text.includes("executing '/bin/sh': No such file or directory")
  return { text, hint: noShell ? 'the build sandbox has no /bin/sh: install busybox-static (apt-get install busybox-static)' : null }
}

/**
 * Reads a finished build: the breakdown from its log, the closure from the store, and a check that the cache
 * state it claims held. Returns the figures as sample counters.
 */
export async function inspectBuild(run: CommandRun, expectation: BuildExpectation, storeRoot: string, call: Omit<NixCall, 'args'>): Promise<CountersOf<'builds'>> {
  const breakdown = parseBuildLog(run.stderrLines)
  const [built] = JSON.parse(run.stdout) as Array<{ drvPath: string; outputs: Record<string, string> }>
  if (!built) throw new CommandError(`nix build printed no result: ${run.stdout.slice(0, 200)}`)
  const outputs = Object.values(built.outputs)
  const closure = await pathInfo(storeRoot, outputs, call, ['--size'])
  const substituted = new Set(breakdown.substitutedPaths)
  const derivations = (await pathInfo(storeRoot, [built.drvPath], call, ['--derivation'])).filter((entry) => entry.path.endsWith('.drv')).length
  checkExpectation(expectation, breakdown, derivations)
  return {
    derivationsBuilt: breakdown.derivationsBuilt,
    pathsSubstituted: breakdown.pathsSubstituted,
    narBytesSubstituted: closure.filter((entry) => substituted.has(entry.path)).reduce((sum, entry) => sum + entry.narSize, 0),
    buildingMs: breakdown.buildingMs,
    substitutingMs: breakdown.substitutingMs,
    closureDerivations: derivations,
    closurePaths: closure.length,
    closureBytes: closure.reduce((sum, entry) => sum + entry.narSize, 0),
  } satisfies CountersOf<'builds'>
}

export function checkExpectation(expectation: BuildExpectation, log: BuildBreakdown, closureDerivations: number): void {
  const { derivationsBuilt: built, pathsSubstituted: substituted } = log
  const counts = `${built} built, ${substituted} substituted`
  if (expectation === 'uncached' && (substituted > 0 || built !== closureDerivations)) {
    throw new CacheStateError(`an uncached build must build all ${closureDerivations} derivations of the closure and substitute nothing; it had ${counts}`)
  }
  if (expectation === 'cached' && built > 0) {
    throw new CacheStateError(
      `the cached build built ${built} derivation(s) instead of substituting them (${log.builtDerivations.slice(0, 3).join(', ')}${built > 3 ? ', …' : ''})`,
      { hint: 'Nix builds silently when a substitute is missing or its signature is not trusted: check that the cache holds the closure, is signed, and that its public key is in trusted-public-keys' },
    )
  }
  if (expectation === 'cached' && substituted === 0) throw new CacheStateError('the cached build substituted nothing: was the closure already in the store?')
  if (expectation === 'partial' && (built === 0 || substituted === 0)) {
    throw new CacheStateError(`a partially cached build must substitute the unchanged paths and build the changed ones; it had ${counts}`)
  }
  if (expectation === 'incremental' && (built === 0 || substituted > 0)) {
    throw new CacheStateError(`an incremental build must build only what changed, from the local store; it had ${counts}`)
  }
}

/** `--derivation` makes a .drv path mean the derivation itself, not its outputs. */
async function pathInfo(storeRoot: string, paths: readonly string[], call: Omit<NixCall, 'args'>, flags: readonly string[]): Promise<PathInfo[]> {
  const stdout = await runChecked(nixCommand({ ...call, args: ['path-info', '--store', storeUri(storeRoot), '--json', '--recursive', ...flags, ...paths] }))
  return parsePathInfo(stdout)
}
