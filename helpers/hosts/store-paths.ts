import { parsePathInfo } from '../nix-output/path-info.ts'
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

/** The state of each path as `nix path-info --json` printed it, in any of its formats (helpers/nix-output/path-info.ts). */
export function parseStorePathStates(stdout: string): StorePathState[] {
  return parsePathInfo(stdout).map(({ path, valid, narSize, signatures }) => ({ path, valid, narSize, signatures }))
}

/** The state of `paths` in a local store at `storeRoot` (a test host's own store), read untimed. */
export async function storePathStates(storeRoot: string, paths: readonly string[], call: Omit<NixCall, 'args'>, options: { recursive?: boolean } = {}): Promise<StorePathState[]> {
  const stdout = await runChecked(nixCommand({ ...call, args: ['path-info', '--json', '--store', storeUri(storeRoot), ...(options.recursive ? ['--recursive'] : []), ...paths] }))
  return parseStorePathStates(stdout)
}
