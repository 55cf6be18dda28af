import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { mkdir, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises'
import { rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { z } from 'zod'
import { FlakebenchError } from '../errors.ts'
import { isRunning } from '../process/is-running.ts'
import { removeTree } from './build-workspace.ts'

/**
 * The environment variable through which a bench run's directory of shared base generations reaches its worker
 * processes, set by the run's global setup (helpers/measure/run-setup.ts) before any worker starts.
 */
export const SHARED_GENERATIONS_DIR = 'FLAKEBENCH_SHARED_GENERATIONS'

/** How often a file waiting for another file's build of the same generation looks again; a build takes seconds. */
const LOCK_POLL_MS = 200

/** A build as the file that made it left it: its chroot store, output path and, for a base generation, its signed cache. */
const StoredGeneration = z.strictObject({
  storeRoot: z.string(),
  outPath: z.string(),
  cache: z.strictObject({ url: z.string(), publicKey: z.string().nullable() }).nullable(),
})
export type StoredGeneration = z.infer<typeof StoredGeneration>

/**
 * Creates the run's directory and hands it to the workers started after this call. The returned function removes
 * it (the global setup's teardown); a run that exits without the teardown removes it on exit all the same.
 */
export async function createSharedGenerations(): Promise<() => Promise<void>> {
  const dir = await mkdtemp(join(tmpdir(), 'flakebench-generations-'))
  process.env[SHARED_GENERATIONS_DIR] = dir
  const removeOnExit = () => removeTreeSync(dir)
  process.once('exit', removeOnExit)
  return async () => {
    process.off('exit', removeOnExit)
    if (process.env[SHARED_GENERATIONS_DIR] === dir) delete process.env[SHARED_GENERATIONS_DIR]
    await removeTree(dir)
  }
}

/** The run's shared directory, or null outside a bench run (a unit test, a script): each file builds its own then. */
export function sharedGenerationsDir(): string | null {
  return process.env[SHARED_GENERATIONS_DIR] || null
}

/**
 * The generation stored under `key` in the run's directory, built by `create` into the directory it is given when
 * no bench file of the run has built it yet. A lock directory (created atomically, holding its owner's PID) makes a
 * second file wait for the first one's build instead of repeating it; a lock whose owner died is taken over, and a
 * failed build leaves nothing, so the next file tries again and shows the error itself.
 */
export async function sharedGeneration(
  root: string,
  key: string,
  create: (dir: string) => Promise<StoredGeneration>,
  options: { timeoutMs: number; signal?: AbortSignal },
): Promise<StoredGeneration> {
  const dir = join(root, createHash('sha256').update(key).digest('hex').slice(0, 32))
  const record = join(dir, 'generation.json')
  const release = await acquireLock(`${dir}.lock`, options)
  try {
    const stored = await readFile(record, 'utf8').catch(() => null)
    if (stored !== null) return StoredGeneration.parse(JSON.parse(stored))
    await removeTree(dir)
    await mkdir(dir, { recursive: true })
    try {
      const generation = await create(dir)
      await writeFile(`${record}.tmp`, JSON.stringify(generation))
      await rename(`${record}.tmp`, record)
      return generation
    } catch (error) {
      await removeTree(dir)
      throw error
    }
  } finally {
    await release()
  }
}

async function acquireLock(lock: string, options: { timeoutMs: number; signal?: AbortSignal }): Promise<() => Promise<void>> {
  const startMs = performance.now()
  for (;;) {
    options.signal?.throwIfAborted()
    try {
      await mkdir(lock)
      await writeFile(join(lock, 'pid'), String(process.pid))
      return () => rm(lock, { recursive: true, force: true })
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
    }
    const owner = Number(await readFile(join(lock, 'pid'), 'utf8').catch(() => ''))
    // A lock without a PID yet is being taken right now; one whose owner is gone was left by a killed worker.
    if (owner > 0 && !isRunning(owner)) await rm(lock, { recursive: true, force: true })
    else if (performance.now() - startMs > options.timeoutMs) {
      throw new FlakebenchError(`waited ${Math.round(options.timeoutMs / 1000)} s for process ${owner || '(starting)'} to build a shared base generation (${lock})`, {
        hint: 'another bench file of this run is still building it; raise timeoutMs in the config if its builds take longer',
      })
    } else await sleep(LOCK_POLL_MS, undefined, { signal: options.signal })
  }
}

/** For the exit handler, which cannot wait: store paths are read-only, so they are made writable first. */
function removeTreeSync(dir: string): void {
  try {
    execFileSync('chmod', ['-R', 'u+w', dir], { stdio: 'ignore' })
  } catch {
    // Nothing to make writable, or chmod missing: rmSync still removes what it can.
  }
  rmSync(dir, { recursive: true, force: true })
}
