import { FlakebenchError } from '../errors.ts'
import { storeUri } from '../builds/build-workspace.ts'
import { nixCommand, type NixCall } from '../process/nix.ts'
import { runChecked } from '../process/run-command.ts'

/** What a store knows of one path: enough to tell where it came from (its signatures) and its size. */
export interface StorePathState {
  path: string
  valid: boolean
  narSize: number
  /** "keyname:signature" entries; a path substituted from a signed cache carries the cache's. */
  signatures: string[]
}

/**
 * `nix path-info --json` in both shapes: Nix 2.8 (and Lix) print a list of `{path, …}` with `{path, valid: false}`
 * for an invalid path and no `signatures` when there are none; Nix ≥ 2.19 an object keyed by path, null for an
 * invalid path.
 */
export function parseStorePathStates(stdout: string): StorePathState[] {
  let json: unknown
  try {
    json = JSON.parse(stdout)
  } catch (cause) {
    throw new FlakebenchError(`\`nix path-info --json\` printed something that is not JSON: ${stdout.slice(0, 200)}`, { cause })
  }
  if (json === null || typeof json !== 'object') throw new FlakebenchError(`\`nix path-info --json\` printed ${JSON.stringify(json)}, neither a list nor an object of paths`)
  const entries: Array<[string, unknown]> = Array.isArray(json)
    ? json.map((entry) => [String((entry as { path?: unknown } | null)?.path ?? ''), entry])
    : Object.entries(json)
  return entries.map(([path, entry]) => {
    if (!path.startsWith('/')) throw new FlakebenchError(`\`nix path-info --json\` printed an entry without a store path: ${JSON.stringify(entry)}`)
    const info = entry as { valid?: boolean; narSize?: number; signatures?: string[] } | null
    const valid = info !== null && info.valid !== false
    return { path, valid, narSize: valid ? (info?.narSize ?? 0) : 0, signatures: valid ? (info?.signatures ?? []) : [] }
  })
}

/** The state of `paths` in a local store at `storeRoot` (a test host's own store), read untimed. */
export async function storePathStates(storeRoot: string, paths: readonly string[], call: Omit<NixCall, 'args'>, options: { recursive?: boolean } = {}): Promise<StorePathState[]> {
  const stdout = await runChecked(nixCommand({ ...call, args: ['path-info', '--json', '--store', storeUri(storeRoot), ...(options.recursive ? ['--recursive'] : []), ...paths] }))
  return parseStorePathStates(stdout)
}
