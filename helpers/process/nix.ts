import { readFile, rm } from 'node:fs/promises'
import { delimiter, dirname } from 'node:path'
import type { NixInfo } from '../model/results-schema.ts'
import { MissingToolError } from '../errors.ts'
import { parseShowStats } from '../nix-output/show-stats.ts'
import { runChecked, runCommand, type CommandSpec } from './run-command.ts'
import { findExecutable } from './tools.ts'

export const NIX_INSTALL_HINT =
  'install Nix: on Debian/Ubuntu run `sudo bash scripts/install-system-deps.sh` (it installs nix-bin), ' +
  'elsewhere see https://nixos.org/download or https://lix.systems/install'

/**
 * Settings every nix child gets. Flakes are enabled explicitly; with `offline`, no substituter and no global
 * flake registry are consulted, so nothing waits on the network (without `substituters =` Nix retries
 * cache.nixos.org for seconds).
 */
export function nixConfigText(offline: boolean): string {
  const lines = ['experimental-features = nix-command flakes']
  if (offline) lines.push('substituters =', 'flake-registry =')
  return lines.join('\n')
}

export interface NixEnvironmentOptions {
  offline: boolean
  /** Isolates the evaluation and fetcher caches (`$XDG_CACHE_HOME/nix`) from the user's own. */
  xdgCacheHome?: string
  /** Where NIX_SHOW_STATS writes its JSON at exit. */
  showStatsPath?: string
}

export function nixEnvironment(options: NixEnvironmentOptions): Record<string, string> {
  // The user's own NIX_CONFIG comes first so that ours wins where both set a value.
  const inherited = process.env.NIX_CONFIG ? `${process.env.NIX_CONFIG}\n` : ''
  const env: Record<string, string> = { NIX_CONFIG: inherited + nixConfigText(options.offline) }
  if (options.xdgCacheHome) env.XDG_CACHE_HOME = options.xdgCacheHome
  if (options.showStatsPath) Object.assign(env, { NIX_SHOW_STATS: '1', NIX_SHOW_STATS_PATH: options.showStatsPath })
  return env
}

/** "nix (Nix) 2.8.0" → nix 2.8.0; "nix (Lix, like Nix) 2.91.1" → lix 2.91.1. */
export function parseNixVersion(versionLine: string): NixInfo {
  const line = versionLine.trim().split('\n')[0] ?? ''
  const version = /(\d+\.\d+(?:\.\d+)?(?:[-+.\w]*)?)\s*$/.exec(line)?.[1] ?? 'unknown'
  const implementation = /\blix\b/i.test(line) ? 'lix' : /\bnix\b/i.test(line) ? 'nix' : 'unknown'
  return { implementation, version, versionLine: line }
}

let detected: Promise<NixInfo> | undefined

/** The installed Nix or Lix; a MissingToolError that says how to install it when there is none. */
export function detectNix(): Promise<NixInfo> {
  detected ??= (async () => {
    const nix = await findExecutable('nix')
    if (!nix) throw new MissingToolError('nix was not found on PATH', { hint: NIX_INSTALL_HINT })
    const run = await runCommand({ file: nix, args: ['--version'], timeoutMs: 30_000 })
    if (run.sample.exitCode !== 0) {
      throw new MissingToolError(`\`${nix} --version\` failed with exit code ${run.sample.exitCode}: ${run.stderr.trim()}`, {
        hint: NIX_INSTALL_HINT,
      })
    }
    return parseNixVersion(run.stdout)
  })()
  return detected
}

/** NIX_SHOW_STATS JSON of any version flattened to dotted numbers ("gc.heapSize"); null when Nix wrote no file. */
export async function readShowStats(path: string): Promise<Record<string, number> | null> {
  const text = await readFile(path, 'utf8').catch(() => null)
  await rm(path, { force: true })
  if (text === null || text.trim() === '') return null
  return parseShowStats(text).flat
}

export interface NixCall {
  args: readonly string[]
  /** Which Nix runs it (helpers/process/nix-builds.ts); absent: the `nix` on PATH, the run's first build. */
  nix?: { path: string }
  env: Record<string, string>
  timeoutMs: number
  signal?: AbortSignal
  cwd?: string
}

export function nixCommand(call: NixCall): CommandSpec {
  const env = call.nix ? { ...call.env, PATH: pathWithNix(call.nix.path) } : call.env
  return { file: call.nix?.path ?? 'nix', args: call.args, env, timeoutMs: call.timeoutMs, signal: call.signal, cwd: call.cwd }
}

/** PATH with `nix`'s directory first, so what Nix (or flakebench) starts by name (nix-store…) is of the same build. */
export function pathWithNix(nixPath: string, path = process.env.PATH ?? ''): string {
  return [dirname(nixPath), ...path.split(delimiter).filter((dir) => dir && dir !== dirname(nixPath))].join(delimiter)
}

/** The store path holding the flake's source, as `nix flake metadata` reports it. */
export async function flakeSourcePath(flakeRef: string, call: Omit<NixCall, 'args'>): Promise<string> {
  const stdout = await runChecked(nixCommand({ ...call, args: ['flake', 'metadata', '--json', flakeRef] }))
  const metadata = JSON.parse(stdout) as { path?: unknown }
  if (typeof metadata.path !== 'string') throw new Error(`nix flake metadata gave no path for ${flakeRef}`)
  return metadata.path
}

export async function storePathExists(path: string, call: Omit<NixCall, 'args'>): Promise<boolean> {
  const run = await runCommand(nixCommand({ ...call, args: ['path-info', path] }))
  return run.sample.exitCode === 0
}

/** Deletes a store path if it is there; Nix refuses (and this throws) when something still references it. */
export async function deleteStorePath(path: string, call: Omit<NixCall, 'args'>): Promise<void> {
  if (await storePathExists(path, call)) await runChecked(nixCommand({ ...call, args: ['store', 'delete', path] }))
}
