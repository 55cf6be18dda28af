import { constants } from 'node:os'
import type { Vitest } from 'vitest/node'

const SIGNALS = ['SIGINT', 'SIGTERM'] as const
type HandledSignal = (typeof SIGNALS)[number]

/**
 * Vitest's own SIGINT/SIGTERM handler exits the main process at once: no reporter writes anything, and the
 * worker is killed before its afterAll hooks stop sshd hosts and delete namespaces. For the length of a bench run
 * this takes its place. The first signal cancels the run as Vitest's Ctrl+C key does in watch mode: each running
 * test's signal aborts (which kills its commands), the remaining tests are skipped, afterAll hooks run, and
 * onTestRunEnd writes the finished benches as an interrupted run; the process then exits with 128 + the signal's
 * number. A second signal exits at once, through Vitest's handler.
 * Returns the function that puts Vitest's handlers back, for the end of the run.
 */
export function cancelRunOnSignal(vitest: Vitest): () => void {
  const vitestHandlers = new Map(SIGNALS.map((signal) => [signal, process.listeners(signal)]))
  let cancelling = false
  const onSignal = (signal: HandledSignal) => {
    const exitCode = 128 + constants.signals[signal]
    if (cancelling) {
      restore()
      process.exitCode = exitCode
      for (const handler of vitestHandlers.get(signal) ?? []) handler(signal)
      return
    }
    cancelling = true
    // Vitest sets exit code 1 for an interrupted run; the signal's code says what happened.
    process.once('exit', () => { process.exitCode = exitCode })
    vitest.logger.error(`\nflakebench: ${signal}: stopping the running bench; the finished ones are written as an interrupted run (${signal} again exits at once)`)
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
