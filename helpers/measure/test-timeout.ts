import type { BenchSettings } from '../config/load.ts'

/**
 * A Vitest test timeout that never cuts a bench short: every iteration (warmups included) of every command may use
 * its full command timeout, plus one more command for preparation. Hung commands are stopped by their own timeout.
 */
export function testTimeoutMs(settings: BenchSettings, commandsPerIteration = 1): number {
  const iterations = settings.iterations + settings.warmupIterations + 1
  return iterations * commandsPerIteration * settings.timeoutMs
}
