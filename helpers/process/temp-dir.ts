import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { registerCleanup } from './cleanup.ts'

/** A temporary directory and the one way to remove it. */
export interface TempDir {
  readonly path: string
  /** Removes it and everything in it; safe to call again. */
  remove: () => Promise<void>
}

/**
 * A fresh `<TMPDIR>/<prefix>XXXXXX` that is removed on every path: by its owner, or by the signal handler
 * (cleanup.ts) when the process is signalled first. A process that dies of SIGTERM (how Vitest stops a worker)
 * runs no `finally` and no afterAll hook, so a directory only its owner removes stays behind, empty when the
 * command writing into it was killed. The removal is registered before the directory exists, and waits for its
 * creation, so no moment leaves it unregistered. `removeTree` replaces a plain `rm -r` (e.g. for read-only stores).
 */
export async function createTempDir(prefix: string, removeTree: (path: string) => Promise<void> = removeRecursive): Promise<TempDir> {
  const created = mkdtemp(join(tmpdir(), prefix))
  // Not memoised: after a SIGINT removed it, a command still stopping may have made it again.
  const remove = () => created.then(removeTree)
  const unregister = registerCleanup(remove, 'files')
  try {
    const path = await created
    const dir = { path, remove: () => remove().finally(() => { unregister(); live.delete(path) }) }
    live.set(path, dir)
    return dir
  } catch (error) {
    unregister()
    throw error
  }
}

/** Directories made by createTempDir and not yet removed, by path: for owners that keep only the path. */
const live = new Map<string, TempDir>()

/** Removes a directory made by createTempDir, given its path (or any directory, recursively). */
export function removeTempDir(path: string): Promise<void> {
  return live.get(path)?.remove() ?? removeRecursive(path)
}

function removeRecursive(path: string): Promise<void> {
  return rm(path, { recursive: true, force: true })
}
