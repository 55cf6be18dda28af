import { FlakebenchError } from '../errors.ts'

/** One NIX_SHOW_STATS document, split into what measures the work and what measures its time. */
export interface ShowStats {
  /** Every number, flattened with dots ("gc.heapSize"), timings included: what the samples' `counters` hold. */
  flat: Record<string, number>
  /** CPU seconds of the evaluation: `cpuTime` (every version), also `time.cpu` from Nix 2.24. */
  cpuSeconds: number | null
  /** Seconds in the garbage collector (`time.gc`, Nix ≥ 2.24); null where the version does not say. */
  gcSeconds: number | null
  /** Collections run (`gc.cycles`, Nix ≥ 2.24); null where the version does not say. */
  gcCycles: number | null
}

/**
 * NIX_SHOW_STATS JSON of any version: Nix 2.8's `{cpuTime, envs, …, gc{heapSize,totalBytes}}`, Nix 2.24's added
 * `time{cpu,gc,gcFraction}`, `gc.cycles` and `nrExprs`. Fields are read by name where they exist, never by position.
 */
export function parseShowStats(text: string): ShowStats {
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (cause) {
    throw new FlakebenchError(`NIX_SHOW_STATS wrote something that is not JSON: ${text.slice(0, 200)}`, { cause, hint: 'check that nothing else writes to NIX_SHOW_STATS_PATH' })
  }
  if (json === null || typeof json !== 'object' || Array.isArray(json)) throw new FlakebenchError(`NIX_SHOW_STATS wrote ${text.slice(0, 100)}, not an object`)
  const flat = flattenNumbers(json)
  return {
    flat,
    cpuSeconds: flat['time.cpu'] ?? flat.cpuTime ?? null,
    gcSeconds: flat['time.gc'] ?? null,
    gcCycles: flat['gc.cycles'] ?? null,
  }
}

/** A JSON value's numbers, flattened with dots; lists (NIX_COUNT_CALLS' `functions`…) are left out. */
export function flattenNumbers(value: unknown, prefix = '', into: Record<string, number> = {}): Record<string, number> {
  if (typeof value === 'number') into[prefix] = value
  else if (value && typeof value === 'object' && !Array.isArray(value)) {
    for (const [key, child] of Object.entries(value)) flattenNumbers(child, prefix ? `${prefix}.${key}` : key, into)
  }
  return into
}
