import { FlakebenchError } from '../errors.ts'

/** What `nix path-info --json` says of one path, in every format's terms. */
export interface PathInfo {
  path: string
  valid: boolean
  narSize: number
  /** Present with `--closure-size`/`-S`; null otherwise or for an invalid path. */
  closureSize: number | null
  references: string[]
  /** "keyname:signature" entries; none when the path is unsigned. */
  signatures: string[]
}

/** Which of Nix's path-info JSON formats a document is in, told from its shape alone. */
export type PathInfoFormat = 'list' | 'object' | 'versioned'

const HINT = 'run the same `nix path-info --json` by hand; if your Nix prints another format, report it with its `nix --version`'

/**
 * Every format of `nix path-info --json`, detected by shape: a list of `{path, …}` (Nix ≤ 2.18 and Lix;
 * `{path, valid: false}` for an invalid path); an object keyed by full path (Nix 2.19–2.32, null for an invalid
 * path, absent fields null from 2.23; `--json-format 1` adds a top-level "storeDir" string from 2.33); and
 * `{version, storeDir, info}` keyed by base name, references by base name too (`--json-format 2`, Nix ≥ 2.33).
 */
export function parsePathInfo(stdout: string): PathInfo[] {
  let json: unknown
  try {
    json = JSON.parse(stdout)
  } catch (cause) {
    throw new FlakebenchError(`\`nix path-info --json\` printed something that is not JSON: ${stdout.slice(0, 200)}`, { cause, hint: HINT })
  }
  const format = pathInfoFormat(json)
  if (format === 'list') return (json as unknown[]).map((entry) => toPathInfo(String((entry as { path?: unknown } | null)?.path ?? ''), entry, (ref) => ref))
  if (format === 'object') {
    return Object.entries(json as Record<string, unknown>)
      .filter(([key, value]) => !(key === 'storeDir' && typeof value === 'string'))
      .map(([path, entry]) => toPathInfo(path, entry, (ref) => ref))
  }
  const { storeDir, info } = json as { storeDir: string; info: Record<string, unknown> }
  const full = (name: string) => `${storeDir}/${name}`
  return Object.entries(info).map(([name, entry]) => toPathInfo(full(name), entry, full))
}

export function pathInfoFormat(json: unknown): PathInfoFormat {
  if (Array.isArray(json)) return 'list'
  if (json === null || typeof json !== 'object') {
    throw new FlakebenchError(`\`nix path-info --json\` printed ${JSON.stringify(json)}, neither a list nor an object of paths`, { hint: HINT })
  }
  const { version, storeDir, info } = json as { version?: unknown; storeDir?: unknown; info?: unknown }
  if (typeof version === 'number' && typeof storeDir === 'string' && info !== null && typeof info === 'object') {
    if (version !== 2) throw new FlakebenchError(`\`nix path-info --json\` printed format version ${version}; flakebench reads versions 1 and 2`, { hint: 'pass `--json-format 2` (or 1) to nix path-info' })
    return 'versioned'
  }
  return 'object'
}

function toPathInfo(path: string, entry: unknown, fullPath: (reference: string) => string): PathInfo {
  if (!path.startsWith('/')) throw new FlakebenchError(`\`nix path-info --json\` printed an entry without a store path: ${JSON.stringify(entry)}`, { hint: HINT })
  const info = entry as { valid?: boolean; narSize?: number | null; closureSize?: number | null; references?: string[] | null; signatures?: string[] | null } | null
  if (info === null || info.valid === false) return { path, valid: false, narSize: 0, closureSize: null, references: [], signatures: [] }
  return {
    path,
    valid: true,
    narSize: info.narSize ?? 0,
    closureSize: info.closureSize ?? null,
    references: (info.references ?? []).map(fullPath),
    signatures: info.signatures ?? [],
  }
}
