import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs'
import { dirname } from 'node:path'
import { ResultsFileError } from '../helpers/errors.ts'
import { isRunning } from '../helpers/process/is-running.ts'

/**
 * Two runs writing the same results would mix their reports and history; the second one refuses instead, before
 * it measures anything. The lock is `<results file>.lock`, created exclusively (O_EXCL) with the holder's PID when
 * a bench run starts and removed when that process exits. A lock whose process is gone (killed with SIGKILL, a
 * crashed machine) is taken over. Synchronous, so that the exit handler can remove it.
 * Returns the lock file's path.
 */
export function acquireOutputLock(resultsJson: string): string {
  const lockFile = `${resultsJson}.lock`
  // Two attempts: the second after removing a stale lock.
  for (let attempt = 0; attempt < 2; attempt++) {
    if (createLock(resultsJson, lockFile)) {
      process.once('exit', () => releaseOutputLock(lockFile))
      return lockFile
    }
    const holder = lockHolder(lockFile)
    // In watch mode each run of this process takes the lock again.
    if (holder === process.pid) return lockFile
    if (holder !== null && isRunning(holder)) {
      throw new ResultsFileError(`another flakebench run (PID ${holder}) is writing ${resultsJson}: ${lockFile} is held`, {
        hint: `wait for it to finish, or give this run other output paths (output in your config, flakebench.config.ts or .json); if PID ${holder} is not flakebench, delete ${lockFile}`,
      })
    }
    rmSync(lockFile, { force: true })
  }
  throw new ResultsFileError(`${lockFile} was taken by another run while this one replaced it`, { hint: 'run one flakebench at a time on the same output' })
}

/** Removes the lock if this process holds it. */
export function releaseOutputLock(lockFile: string): void {
  if (lockHolder(lockFile) === process.pid) rmSync(lockFile, { force: true })
}

/**
 * True when created; false when a lock exists. An output directory that cannot be written (read-only, full, a
 * file in its place) is an error now, before the run spends its time measuring.
 */
function createLock(resultsJson: string, lockFile: string): boolean {
  let descriptor: number | undefined
  try {
    mkdirSync(dirname(lockFile), { recursive: true })
    try {
      descriptor = openSync(lockFile, 'wx')
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false
      throw error
    }
    writeSync(descriptor, `${process.pid}\n`)
    return true
  } catch (error) {
    // Created but not written (a full disk): an empty lock names no holder, so it is removed here.
    if (descriptor !== undefined) rmSync(lockFile, { force: true })
    throw new ResultsFileError(`cannot write ${resultsJson}: creating ${lockFile} failed: ${(error as Error).message}`, {
      hint: 'make the output directory writable and give it free space, or set output paths in your config (flakebench.config.ts or .json)',
      cause: error,
    })
  } finally {
    if (descriptor !== undefined) closeSync(descriptor)
  }
}

function lockHolder(lockFile: string): number | null {
  try {
    const pid = Number(readFileSync(lockFile, 'utf8').trim())
    return Number.isInteger(pid) && pid > 0 ? pid : null
  } catch {
    return null
  }
}
