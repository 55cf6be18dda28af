import { readFileSync } from 'node:fs'
import { constants } from 'node:os'
import type { Vitest } from 'vitest/node'

const SIGNALS = ['SIGINT', 'SIGTERM'] as const
type HandledSignal = (typeof SIGNALS)[number]

/**
 * The same signal again this soon is one interrupt delivered twice, not a second request: Ctrl+C signals the
 * terminal's whole foreground group, so vitest gets it from the terminal and again from npm, which forwards SIGINT
 * and SIGTERM to its script (@npmcli/run-script's signal-manager); a CI runner that signals the group does the
 * same. The two arrived 4 ms apart here (npm 11, 2 cores); a person pressing Ctrl+C again takes longer.
 */
const REPEAT_WINDOW_MS = 1_000

/** How often the parent process is looked for; a second is short next to the graceful stop it starts. */
const PARENT_POLL_MS = 1_000

/**
 * Vitest's own SIGINT/SIGTERM handler exits the main process at once: no reporter writes anything, and the
 * worker is killed before its afterAll hooks stop sshd hosts and delete namespaces. For the length of a run (a
 * bench run, or a test run whose tests start hosts too) this takes its place. The first signal cancels the run as Vitest's Ctrl+C key does in watch mode: each running
 * test's signal aborts (which kills its commands), the remaining tests are skipped, afterAll hooks run, and
 * onTestRunEnd writes the finished benches as an interrupted run; the process then exits with 128 + the signal's
 * number. A second signal (later than REPEAT_WINDOW_MS) exits at once, through Vitest's handler.
 * Returns the function that puts Vitest's handlers back, for the end of the run.
 */
export function cancelRunOnSignal(vitest: Vitest, run: 'bench' | 'test'): () => void {
  const vitestHandlers = new Map(SIGNALS.map((signal) => [signal, process.listeners(signal)]))
  let first: { signal: HandledSignal; atMs: number } | undefined
  const onSignal = (signal: HandledSignal) => {
    const exitCode = 128 + constants.signals[signal]
    if (first) {
      if (signal === first.signal && performance.now() - first.atMs < REPEAT_WINDOW_MS) return
      restore()
      process.exitCode = exitCode
      for (const handler of vitestHandlers.get(signal) ?? []) handler(signal)
      return
    }
    first = { signal, atMs: performance.now() }
    // Vitest sets exit code 1 for an interrupted run; the signal's code says what happened.
    process.once('exit', () => { process.exitCode = exitCode })
    const after = run === 'bench' ? 'the finished ones are written as an interrupted run' : 'their afterAll hooks remove hosts, stores and keys'
    vitest.logger.error(`\nflakebench: ${signal}: stopping the running ${run === 'bench' ? 'bench' : 'tests'}; ${after} (${signal} again exits at once)`)
    vitest.cancelCurrentRun('keyboard-input').catch((error: unknown) => vitest.logger.error(`flakebench: cancelling the run failed: ${String(error)}`))
  }
  const restore = () => {
    for (const signal of SIGNALS) {
      process.off(signal, onSignal)
      for (const handler of vitestHandlers.get(signal) ?? []) if (!process.listeners(signal).includes(handler)) process.on(signal, handler)
    }
  }
  for (const signal of SIGNALS) {
    for (const handler of vitestHandlers.get(signal) ?? []) process.off(signal, handler)
    process.on(signal, onSignal)
  }
  return restore
}

/**
 * A run whose parent is gone would go on unwatched, holding its hosts and the output lock: npm killed with
 * SIGKILL, or a shell between npm and vitest that died of the signal meant for the run. When the process that
 * started this one disappears, this one sends itself SIGTERM, so it stops as a cancelled CI job does: gracefully
 * (cancelRunOnSignal). Linux only (the live parent PID is in
 * /proc/self/stat: Node's process.ppid is read once at start); elsewhere it watches nothing.
 */
export function stopWhenParentGone(log: (message: string) => void): void {
  const parent = parentPid()
  if (parent === null) return
  const timer = setInterval(() => {
    if (parentPid() === parent) return
    clearInterval(timer)
    log(`flakebench: the process that started this run (PID ${parent}) is gone; stopping the run as on SIGTERM`)
    process.kill(process.pid, 'SIGTERM')
  }, PARENT_POLL_MS)
  // The watch never keeps a finished run alive.
  timer.unref()
}

/** The parent's PID, field 4 of /proc/self/stat (after the command name, which may hold spaces and parentheses). */
function parentPid(): number | null {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8')
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1])
  } catch {
    return null
  }
}
