import { accessSync, constants } from 'node:fs'
import { delimiter, isAbsolute, join } from 'node:path'
import type { NixInfo } from '../model/results-schema.ts'
import { NIX_BUILD_DEFAULTS } from '../config/defaults.ts'
import { ConfigError } from '../errors.ts'
import { parseNixVersion } from './nix.ts'
import { runCommand } from './run-command.ts'

/** One Nix a run may use: the `nix` executable (its siblings nix-store, nix-copy-closure… come from its directory). */
export interface NixBuild {
  label: string
  /** Absolute path of `nix`. */
  path: string
}

/** A build whose `nix --version` answered. */
export interface DetectedNixBuild extends NixBuild {
  info: NixInfo
}

export interface NixBuildSelection {
  /** Where the list came from, for the report. */
  source: 'FLAKEBENCH_NIX' | 'config' | 'default'
  builds: NixBuild[]
  /** Default builds that are not installed here, with the reason (the matrix says why it has fewer columns). */
  absent: Array<{ label: string; reason: string }>
}

const ENV_HINT = 'set FLAKEBENCH_NIX to comma-separated entries "label=/absolute/path/to/nix" (the label is optional), e.g. "system=/usr/bin/nix,nix-2.26=/opt/flakebench/nix-2.26.3/usr/bin/nix"'

/**
 * The Nix builds of a run, in order, the first being the one every ordinary bench runs on: FLAKEBENCH_NIX, else
 * the config's `nix`, else the `nix` on PATH plus flakebench's second Nix when installed (scripts/install-second-nix.sh).
 */
export function selectNixBuilds(configured: readonly NixBuild[] | undefined, env: NodeJS.ProcessEnv = process.env): NixBuildSelection {
  const fromEnv = env.FLAKEBENCH_NIX?.trim()
  if (fromEnv) return { source: 'FLAKEBENCH_NIX', builds: checkBuilds(parseNixBuildList(fromEnv), 'FLAKEBENCH_NIX', ENV_HINT), absent: [] }
  if (configured && configured.length > 0) return { source: 'config', builds: checkBuilds([...configured], 'nix (config)', 'fix the path in the config\'s "nix" list, or remove the entry'), absent: [] }
  const builds: NixBuild[] = []
  const absent: NixBuildSelection['absent'] = []
  const system = findOnPath('nix', env.PATH ?? '')
  if (system) builds.push({ label: NIX_BUILD_DEFAULTS.systemLabel, path: system })
  else absent.push({ label: NIX_BUILD_DEFAULTS.systemLabel, reason: 'no nix on PATH' })
  const second = NIX_BUILD_DEFAULTS.second
  if (isExecutable(second.path)) builds.push({ label: second.label, path: second.path })
  else absent.push({ label: second.label, reason: `not installed at ${second.path} (scripts/install-second-nix.sh installs it as root on Debian; it needs Debian's trixie suite to be reachable)` })
  return { source: 'default', builds, absent }
}

/** "label=/path,/path2" → builds; a missing label becomes "nix-N" by position (the version is known only once run). */
export function parseNixBuildList(text: string): NixBuild[] {
  return text.split(',').map((entry) => entry.trim()).filter(Boolean).map((entry, index) => {
    const at = entry.indexOf('=')
    const [label, path] = at >= 0 ? [entry.slice(0, at).trim(), entry.slice(at + 1).trim()] : [`nix-${index + 1}`, entry]
    if (!label) throw new ConfigError(`FLAKEBENCH_NIX entry "${entry}" has an empty label`, { hint: ENV_HINT })
    return { label, path }
  })
}

function checkBuilds(builds: NixBuild[], where: string, hint: string): NixBuild[] {
  const labels = new Set<string>()
  for (const { label, path } of builds) {
    if (!isAbsolute(path)) throw new ConfigError(`${where}: the path of "${label}" is "${path}", not an absolute path`, { hint })
    if (!isExecutable(path)) throw new ConfigError(`${where}: ${path} ("${label}") is not an executable file`, { hint })
    if (labels.has(label)) throw new ConfigError(`${where}: the label "${label}" is given twice`, { hint: 'give each Nix its own label' })
    labels.add(label)
  }
  if (builds.length === 0) throw new ConfigError(`${where} names no Nix`, { hint })
  return builds
}

/** Each build with its `nix --version`; one that does not answer is reported absent with its error. */
export async function detectNixBuilds(selection: NixBuildSelection): Promise<{ builds: DetectedNixBuild[]; absent: NixBuildSelection['absent'] }> {
  const absent = [...selection.absent]
  const builds: DetectedNixBuild[] = []
  for (const build of selection.builds) {
    const run = await runCommand({ file: build.path, args: ['--version'], timeoutMs: 30_000 })
    if (run.sample.exitCode === 0) builds.push({ ...build, info: parseNixVersion(run.stdout) })
    else absent.push({ label: build.label, reason: `\`${build.path} --version\` failed with exit code ${run.sample.exitCode}: ${run.stderr.trim().split('\n')[0] ?? ''}` })
  }
  return { builds, absent }
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK)
    return true
  } catch {
    return false
  }
}

/** The first executable `name` on PATH, or null. */
export function findOnPath(name: string, path = process.env.PATH ?? ''): string | null {
  return path.split(delimiter).filter(Boolean).map((dir) => join(dir, name)).find(isExecutable) ?? null
}
