import { performance } from 'node:perf_hooks'
import { execa, type Result } from 'execa'
import { registerCleanup } from './cleanup.ts'

export interface SpawnOptions {
  /** Added to (and overriding) the parent's environment. */
  env?: Readonly<Record<string, string>> | undefined
  cwd?: string | undefined
  timeoutMs: number
  /** Aborting it kills the process's whole group. */
  signal?: AbortSignal | undefined
  /** Record when each stderr line arrived. */
  timestampStderr?: boolean | undefined
}

export interface TimedLine {
  /** Milliseconds since the command started. */
  atMs: number
  text: string
}

export interface TimedSpawn {
  result: Result
  /** From the moment the process was running to the moment it exited (see `spawnTimed`). */
  wallMs: number
  stderrLines: TimedLine[]
  timedOut: boolean
  interrupted: boolean
}

/** Time between SIGTERM and SIGKILL of the process group: long enough for nix to stop its builders. */
const KILL_GRACE_MS = 2_000

/**
 * Runs a program without a shell, in its own process group so that a timeout or an abort kills every process it
 * started, and times it as hyperfine does: from the running process to its exit. The clock starts when the spawn
 * has returned (Node has forked and exec'd by then), because forking this Node process costs milliseconds that
 * grow with its heap and belong to the harness; and it stops at the exit event, not when the output pipes close.
 */
export async function spawnTimed(file: string, args: readonly string[], options: SpawnOptions): Promise<TimedSpawn> {
  let timedOut = false
  let interrupted = false
  let exitedAtMs: number | null = null
  const child = execa(file, args, {
    cwd: options.cwd,
    env: options.env,
    extendEnv: true,
    detached: true,
    reject: false,
    stdin: 'ignore',
    stripFinalNewline: false,
    maxBuffer: 256 * 1024 * 1024,
  })
  const startMs = performance.now()
  child.once('exit', () => { exitedAtMs = performance.now() })
  const stderrLines: TimedLine[] = []
  if (options.timestampStderr) collectLines(child.stderr, startMs, stderrLines)
  const pid = child.pid
  const stopTree = () => killProcessGroup(pid, 'SIGTERM')
  const timer = setTimeout(() => { timedOut = true; stopTree() }, options.timeoutMs)
  const onAbort = () => { interrupted = true; stopTree() }
  if (options.signal?.aborted) onAbort()
  options.signal?.addEventListener('abort', onAbort, { once: true })
  const hardKill = setTimeout(() => killProcessGroup(pid, 'SIGKILL'), options.timeoutMs + KILL_GRACE_MS)
  // A group of its own outlives this process: an interrupt of this process stops it as an abort does.
  const unregister = registerCleanup(async () => {
    onAbort()
    const kill = setTimeout(() => killProcessGroup(pid, 'SIGKILL'), KILL_GRACE_MS)
    await child
    clearTimeout(kill)
  })

  const result = await child
  unregister()
  // A program that could not be started never emits `exit`.
  const wallMs = (exitedAtMs ?? performance.now()) - startMs
  clearTimeout(timer)
  clearTimeout(hardKill)
  options.signal?.removeEventListener('abort', onAbort)
  // Descendants that outlived the leader (daemonised or orphaned) belong to the same group: none may survive.
  if (timedOut || interrupted) killProcessGroup(pid, 'SIGKILL')
  return { result, wallMs, stderrLines, timedOut, interrupted }
}

function collectLines(stream: NodeJS.ReadableStream | null, startMs: number, into: TimedLine[]): void {
  let partial = ''
  stream?.on('data', (chunk: Buffer) => {
    const atMs = performance.now() - startMs
    const lines = (partial + chunk.toString('utf8')).split('\n')
    partial = lines.pop() ?? ''
    for (const text of lines) into.push({ atMs, text })
  })
  stream?.on('end', () => {
    if (partial) into.push({ atMs: performance.now() - startMs, text: partial })
  })
}

function killProcessGroup(pid: number | undefined, signal: NodeJS.Signals): void {
  if (pid === undefined) return
  try {
    process.kill(-pid, signal)
  } catch {
    // ESRCH: the group is already gone.
  }
}
