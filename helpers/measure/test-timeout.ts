import type { BenchSettings } from '../config/load.ts'

/**
 * A Vitest test timeout that never cuts a bench short: every iteration (warmups included) of every command, and
 * every untimed setup command, may use its full command timeout. Hung commands are stopped by their own timeout.
 */
export function testTimeoutMs(settings: BenchSettings, options: { commandsPerIteration?: number; setupCommands?: number } = {}): number {
  const { commandsPerIteration = 1, setupCommands = 1 } = options
  return ((settings.iterations + settings.warmupIterations) * commandsPerIteration + setupCommands) * settings.timeoutMs
}
