import { CacheStateError } from '../errors.ts'
import type { LinkBytes } from './network-profile.ts'
import type { StorePathState } from './store-paths.ts'

/** The state a copy sample claims: every path sent, every path substituted by the target, or nothing to do. */
export type CopyClaim = 'fresh store' | 'with substitutes' | 'no-op'

export interface CopyObservation {
  /** The closure as the source store has it. */
  closure: readonly StorePathState[]
  /** Closure paths valid on the target before the copy. */
  validBefore: ReadonlySet<string>
  /** The target's state of every closure path after the copy. */
  after: readonly StorePathState[]
  /** The name of the key the binary cache signs with: a path carrying it was substituted. Null: no cache. */
  cacheKeyName: string | null
  link: LinkBytes
  /** The client's own count ("copying N paths"), summed; null when it printed none. */
  clientCopiedPaths: number | null
}

/** Exact counters of one copy sample. */
export interface CopyCounters {
  closurePaths: number
  closureBytes: number
  /** New on the target without the cache's signature: sent over the link by the client. */
  pathsTransferred: number
  /** New on the target with the cache's signature: fetched by the target from the cache itself. */
  pathsSubstituted: number
  /** NAR bytes of the transferred paths. */
  narBytesTransferred: number
  /** Bytes the relay carried towards the target (ssh's encrypted stream, protocol included). */
  bytesTransferred: number
  /** Bytes the relay carried back from the target. */
  bytesReceived: number
  /** Closure paths not valid on the target after the copy. */
  pathsMissing: number
}

export function copyCounters(observation: CopyObservation): CopyCounters {
  const byPath = new Map(observation.after.map((state) => [state.path, state]))
  const signedByCache = (state: StorePathState) => signedBy(state, observation.cacheKeyName)
  let pathsTransferred = 0
  let pathsSubstituted = 0
  let narBytesTransferred = 0
  let pathsMissing = 0
  for (const source of observation.closure) {
    const target = byPath.get(source.path)
    if (!target?.valid) pathsMissing += 1
    else if (observation.validBefore.has(source.path)) continue
    else if (signedByCache(target)) pathsSubstituted += 1
    else {
      pathsTransferred += 1
      narBytesTransferred += source.narSize
    }
  }
  return {
    closurePaths: observation.closure.length,
    closureBytes: observation.closure.reduce((sum, state) => sum + state.narSize, 0),
    pathsTransferred,
    pathsSubstituted,
    narBytesTransferred,
    bytesTransferred: observation.link.bytesToTarget,
    bytesReceived: observation.link.bytesFromTarget,
    pathsMissing,
  }
}

/** Why the sample did not show the state it claims, or null when it did. */
export function claimViolation(claim: CopyClaim, observation: CopyObservation, counters: CopyCounters): string | null {
  const { closurePaths: n, pathsTransferred: sent, pathsSubstituted: substituted } = counters
  if (counters.pathsMissing > 0) return `after the copy, ${counters.pathsMissing} of ${n} closure paths are not valid on the target`
  if (observation.closure.some((state) => signedBy(state, observation.cacheKeyName))) {
    return `the source's paths carry the cache's signature (${observation.cacheKeyName}), so a path sent over the link cannot be told from one the target substituted`
  }
  if (observation.clientCopiedPaths !== null && observation.clientCopiedPaths !== sent) {
    return `the client reported copying ${observation.clientCopiedPaths} paths, but ${sent} arrived on the target without the cache's signature`
  }
  switch (claim) {
    case 'with substitutes':
      if (substituted === n) return null
      return `claimed "with substitutes" but the target substituted ${substituted} of ${n} paths; ${sent === n ? `all ${n}` : `${sent}`} crossed the link (${counters.bytesTransferred} bytes)`
    case 'fresh store':
      if (sent !== n || substituted !== 0) return `claimed "fresh store" (every path sent over the link) but ${sent} of ${n} paths crossed it and the target substituted ${substituted}`
      // ssh does not compress here (test hosts set Compression=no): every NAR byte sent is a byte on the link.
      if (counters.bytesTransferred < counters.narBytesTransferred) return `claimed "fresh store" but ${counters.bytesTransferred} bytes crossed the link for ${counters.narBytesTransferred} bytes of NARs`
      return null
    case 'no-op':
      return sent === 0 && substituted === 0 ? null : `claimed "no-op" but ${sent} paths crossed the link and the target substituted ${substituted}`
  }
}

/** The paths the client says it copied: the sum of its "copying N paths" lines (Nix logs one per copy). */
export function clientCopiedPaths(stderr: string): number | null {
  const counts = [...stderr.matchAll(/^copying (\d+) paths?\b/gm)].map((match) => Number(match[1]))
  return counts.length === 0 ? null : counts.reduce((sum, count) => sum + count, 0)
}

/** A copy that did not show the state it claims; carries the sample's counters, for the failed outcome. */
export class CopyClaimError extends CacheStateError {
  readonly counters: Record<string, number>

  constructor(message: string, counters: Record<string, number>) {
    super(message)
    this.counters = counters
  }
}

/** Whether a path carries a signature by the named key (a signature reads `name:base64`); never without a key. */
function signedBy(state: StorePathState, keyName: string | null): boolean {
  return keyName !== null && state.signatures.some((signature) => signature.startsWith(`${keyName}:`))
}
