/** Stops a resource; safe to call again while or after it runs. */
export type Dispose = () => Promise<void>

/**
 * Processes first, then files: a temporary directory goes once the commands writing into it have stopped.
 */
export type CleanupPhase = 'processes' | 'files'

const registered: Record<CleanupPhase, Set<Dispose>> = { processes: new Set(), files: new Set() }
const SIGNALS = ['SIGINT', 'SIGTERM'] as const
let handling = false

/**
 * Resources that outlive this process unless stopped (commands in process groups of their own, sshd test hosts,
 * delay proxies) are registered here for as long as they exist. Ctrl+C signals the
 * whole process group, and a Vitest worker would die of its SIGINT at once: before the run's cancellation
 * (reports/interrupt.ts) reaches its afterAll hooks, and leaving every registered resource behind. From the first
 * registration on, a SIGINT instead disposes of what is registered and leaves the worker to finish the cancelled
 * run; a SIGTERM (how Vitest stops a worker) disposes of it and lets the signal end the process.
 * Temporary directories are registered too (temp-dir.ts), in the `files` phase.
 * Returns the function that unregisters the resource, for its owner to call once it has stopped it.
 */
export function registerCleanup(dispose: Dispose, phase: CleanupPhase = 'processes'): () => void {
  registered[phase].add(dispose)
  if (!handling) for (const signal of SIGNALS) process.on(signal, onSignal)
  handling = true
  return () => { registered[phase].delete(dispose) }
}

/** Disposes of everything registered, phase by phase; one failing disposal does not stop the others. */
export async function runCleanups(): Promise<void> {
  for (const phase of ['processes', 'files'] as const) await Promise.allSettled([...registered[phase]].map((dispose) => dispose()))
}

function onSignal(signal: NodeJS.Signals): void {
  void runCleanups().then(() => {
    if (signal !== 'SIGTERM') return
    // Dying of the signal, as without this handler: Vitest reports a worker's process.exit as an error.
    for (const handled of SIGNALS) process.off(handled, onSignal)
    handling = false
    process.kill(process.pid, signal)
  })
}
