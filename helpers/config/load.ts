import { existsSync, readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { require as tsxRequire } from 'tsx/cjs/api'
import type { Threshold } from '../model/results-schema.ts'
import { ConfigError, issueLines } from '../errors.ts'
import { PROFILE_NAMES, type ProfileName } from '../model/profile-names.ts'
import { BENCH_DEFAULTS, CONFIG_FILE_NAMES, DEFAULT_PROFILE, PROFILES, type BenchDefaults, type BenchKey } from './defaults.ts'
import { ConfigSchema, type FlakebenchConfig } from './schema.ts'

export interface LoadedConfig {
  config: FlakebenchConfig
  /** The file it came from, or null when the defaults apply. */
  file: string | null
}

/**
 * Reads FLAKEBENCH_CONFIG, else ./flakebench.config.ts, else ./flakebench.config.json, else the defaults;
 * FLAKEBENCH_PROFILE picks the profile. Synchronous because Vitest needs test timeouts (iterations × timeout)
 * while it collects tests.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): LoadedConfig {
  const named = env.FLAKEBENCH_CONFIG
  const file = named ? resolve(cwd, named) : CONFIG_FILE_NAMES.map((name) => resolve(cwd, name)).find((candidate) => existsSync(candidate))
  const profile = env.FLAKEBENCH_PROFILE || undefined
  if (!file) return { config: validateConfig(withCompareFromEnv({}, env), '(no config file)', profile), file: null }
  if (/\.[cm]?ts$/.test(file)) return { config: validateConfig(withCompareFromEnv(importTypeScriptConfig(file), env), file, profile), file }
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch (error) {
    throw new ConfigError(`cannot read the config file ${file}: ${(error as Error).message}`, {
      hint: 'fix FLAKEBENCH_CONFIG or create the file',
      cause: error,
    })
  }
  return { config: parseConfig(text, file, profile, env), file }
}

/**
 * A flakebench.config.ts's default export, loaded by tsx's require so that it stays synchronous; `defineConfig`
 * types it. Not Node's own type stripping: it refuses .ts files inside node_modules, where `flakebench/config`
 * (helpers/config/define-config.ts) is when flakebench is installed as a dependency.
 */
function importTypeScriptConfig(file: string): unknown {
  let loaded: { default?: unknown }
  try {
    loaded = tsxRequire(file, import.meta.url) as { default?: unknown }
  } catch (error) {
    throw new ConfigError(`cannot load the config file ${file}: ${(error as Error).message}`, {
      hint: 'fix the error above, or use flakebench.config.json',
      cause: error,
    })
  }
  if (loaded.default === undefined) throw new ConfigError(`${file} has no default export`, { hint: 'end it with `export default defineConfig({ … })`' })
  return loaded.default
}

/** Validates a JSON config laid over its profile's preset; `profile` (from FLAKEBENCH_PROFILE) wins over the file's. */
export function parseConfig(text: string, file: string, profile?: string, env: NodeJS.ProcessEnv = {}): FlakebenchConfig {
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (error) {
    throw new ConfigError(`${file} is not valid JSON: ${(error as Error).message}`, { cause: error })
  }
  return validateConfig(withCompareFromEnv(json, env), file, profile)
}

/** FLAKEBENCH_BASE and FLAKEBENCH_HEAD over the config's `compare` (both or neither: one side alone compares nothing). */
function withCompareFromEnv(json: unknown, env: NodeJS.ProcessEnv): unknown {
  const base = env.FLAKEBENCH_BASE || undefined
  const head = env.FLAKEBENCH_HEAD || undefined
  if (!base && !head) return json
  if (!base || !head) {
    throw new ConfigError(`FLAKEBENCH_${base ? 'HEAD' : 'BASE'} is not set, but FLAKEBENCH_${base ? 'BASE' : 'HEAD'} is`, { hint: 'set both to flake references (e.g. git+file:///src/infra?rev=…), or neither' })
  }
  if (!isPlainObject(json)) return json
  return { ...json, compare: { ...(isPlainObject(json.compare) ? json.compare : {}), base, head } }
}

function validateConfig(json: unknown, file: string, profile: string | undefined): FlakebenchConfig {
  if (profile !== undefined && !(PROFILE_NAMES as readonly string[]).includes(profile)) {
    throw new ConfigError(`FLAKEBENCH_PROFILE is "${profile}"; the profiles are ${PROFILE_NAMES.join(', ')}`, { hint: 'set FLAKEBENCH_PROFILE to one of them, or unset it' })
  }
  const parsed = ConfigSchema.safeParse(withProfile(json, profile))
  if (parsed.success) return parsed.data
  const issues = parsed.error.issues.map((issue) => (issue.code === 'unrecognized_keys' ? { ...issue, message: `${issue.message}${suggestion(issue.keys, issue.path)}` } : issue))
  throw new ConfigError(`${file} is not a valid flakebench config:\n${issueLines(issues)}`, {
    hint: 'fix the fields listed above; docs/configuration.md describes each one',
  })
}

/** The config over its profile's preset: objects merge key by key, anything else in the config replaces the preset's. */
function withProfile(json: unknown, override: string | undefined): unknown {
  if (!isPlainObject(json)) return json
  const name = override ?? json.profile ?? DEFAULT_PROFILE
  const preset = PROFILES[name as ProfileName]
  return preset ? { ...mergeOver(preset, json), profile: name } : json
}

function mergeOver(base: object, over: Record<string, unknown>): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...base }
  for (const [key, value] of Object.entries(over)) {
    const under = merged[key]
    merged[key] = isPlainObject(under) && isPlainObject(value) ? mergeOver(under, value) : value
  }
  return merged
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

export interface BenchSettings {
  iterations: number
  warmupIterations: number
  threshold: Threshold | null
  timeoutMs: number
}

/**
 * A bench's defaults (for a host kind, where they differ) with the config's overrides: per host, then per bench.
 * A configured limit cites where in the config it came from.
 */
export function benchSettings(config: FlakebenchConfig, key: BenchKey, host?: { kind: string; name: string }): BenchSettings {
  const defaults: BenchDefaults = BENCH_DEFAULTS[key]
  const override = config.benches[key] ?? {}
  const hostKind = host?.kind
  const kindDefault = hostKind === 'nixos' || hostKind === 'darwin' ? defaults.thresholdByHostKind?.[hostKind] : undefined
  const hostOverride = host ? override.hosts?.[host.name] : undefined
  const threshold: Threshold | null = hostOverride
    ? hostOverride.threshold && { ...hostOverride.threshold, source: `config (${key}.hosts.${host!.name}.threshold)` }
    : override.threshold === undefined
      ? kindDefault ?? defaults.threshold
      : override.threshold && { ...override.threshold, source: `config (${key}.threshold)` }
  return {
    iterations: override.iterations ?? config.iterations ?? defaults.iterations,
    warmupIterations: override.warmupIterations ?? defaults.warmupIterations,
    threshold,
    timeoutMs: config.timeoutMs,
  }
}

/** " (did you mean …?)" for unknown keys close to a valid one at the same place in the config. */
function suggestion(keys: readonly string[], path: ReadonlyArray<PropertyKey>): string {
  const valid = validKeysAt(path)
  const hints = keys.flatMap((key) => {
    const nearest = valid.map((candidate) => ({ candidate, distance: editDistance(key, candidate) })).sort((a, b) => a.distance - b.distance)[0]
    if (!nearest || nearest.distance > Math.max(2, Math.floor(key.length / 3))) return []
    return [keys.length === 1 ? `"${nearest.candidate}"` : `"${nearest.candidate}" for "${key}"`]
  })
  return hints.length > 0 ? ` (did you mean ${hints.join(', ')}?)` : ''
}

function validKeysAt(path: ReadonlyArray<PropertyKey>): string[] {
  let shape: unknown = ConfigSchema
  for (const segment of path) {
    const inner = unwrap(shape) as { shape?: Record<string, unknown> }
    shape = inner.shape?.[String(segment)]
  }
  const inner = unwrap(shape) as { shape?: Record<string, unknown>; keySchema?: { options?: string[] } }
  return inner.shape ? Object.keys(inner.shape) : inner.keySchema?.options ?? Object.keys(BENCH_DEFAULTS)
}

/** Through defaults, optionals and refinements to the object (or record) schema inside. */
function unwrap(schema: unknown): unknown {
  let current = schema as { def?: { innerType?: unknown; in?: unknown; type?: string } } | undefined
  for (let depth = 0; depth < 10 && current?.def; depth++) {
    const next = current.def.innerType ?? current.def.in
    if (!next) break
    current = next as typeof current
  }
  return current
}

/** Levenshtein distance: the fewest single-character edits from one key to another. */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index)
  for (let i = 1; i <= a.length; i++) {
    const current = [i]
    for (let j = 1; j <= b.length; j++) current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1))
    previous = current
  }
  return previous[b.length]!
}
