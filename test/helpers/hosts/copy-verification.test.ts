import { describe, expect, test } from 'vitest'
import { claimViolation, clientCopiedPaths, copyCounters, type CopyClaim, type CopyObservation } from '../../../helpers/hosts/copy-verification.ts'
import { substituteOnDestinationGap } from '../../../helpers/hosts/copy-capabilities.ts'
import type { StorePathState } from '../../../helpers/hosts/store-paths.ts'

const closure: StorePathState[] = ['a', 'b', 'c'].map((name, index) => ({ path: `/nix/store/${name}`, valid: true, narSize: 1000 * (index + 1), signatures: [] }))
const CACHE_SIG = 'flakebench-cache-1:c2lnbmF0dXJl'

function observation(overrides: Partial<CopyObservation> & { signed?: string[] } = {}): CopyObservation {
  const { signed = [], ...rest } = overrides
  return {
    closure,
    validBefore: new Set(),
    after: closure.map((state) => ({ ...state, signatures: signed.includes(state.path) ? [CACHE_SIG] : [] })),
    cacheKeyName: 'flakebench-cache-1',
    link: { bytesToTarget: 9000, bytesFromTarget: 800 },
    clientCopiedPaths: null,
    ...rest,
  }
}

function verdict(claim: CopyClaim, seen: CopyObservation): string | null {
  return claimViolation(claim, seen, copyCounters(seen))
}

describe('copyCounters', () => {
  test('new paths with the cache\'s signature were substituted; without it, they crossed the link', () => {
    expect(copyCounters(observation({ signed: ['/nix/store/a'] }))).toEqual({
      closurePaths: 3, closureBytes: 6000, pathsTransferred: 2, pathsSubstituted: 1, narBytesTransferred: 5000, bytesTransferred: 9000, bytesReceived: 800, pathsMissing: 0,
    })
  })

  test('paths valid before the copy count as neither; missing paths are counted', () => {
    const seen = observation({ validBefore: new Set(['/nix/store/a']), after: [closure[0]!, closure[1]!, { ...closure[2]!, valid: false }] })
    expect(copyCounters(seen)).toMatchObject({ pathsTransferred: 1, pathsSubstituted: 0, pathsMissing: 1, narBytesTransferred: 2000 })
  })

  test('another key\'s signature is not the cache\'s', () => {
    const seen = observation({ after: closure.map((state) => ({ ...state, signatures: ['cache.nixos.org-1:abc'] })) })
    expect(copyCounters(seen)).toMatchObject({ pathsTransferred: 3, pathsSubstituted: 0 })
  })
})

describe('claimViolation', () => {
  test('with substitutes: verified only when the target substituted every path', () => {
    expect(verdict('with substitutes', observation({ signed: closure.map((state) => state.path), clientCopiedPaths: 0, link: { bytesToTarget: 4000, bytesFromTarget: 900 } }))).toBeNull()
    expect(verdict('with substitutes', observation({ clientCopiedPaths: 3 }))).toBe('claimed "with substitutes" but the target substituted 0 of 3 paths; all 3 crossed the link (9000 bytes)')
    expect(verdict('with substitutes', observation({ signed: ['/nix/store/a'] }))).toBe('claimed "with substitutes" but the target substituted 1 of 3 paths; 2 crossed the link (9000 bytes)')
  })

  test('fresh store: every path crossed the link, and at least their NAR bytes did', () => {
    expect(verdict('fresh store', observation({ clientCopiedPaths: 3 }))).toBeNull()
    expect(verdict('fresh store', observation({ signed: ['/nix/store/c'] }))).toBe('claimed "fresh store" (every path sent over the link) but 2 of 3 paths crossed it and the target substituted 1')
    expect(verdict('fresh store', observation({ link: { bytesToTarget: 5999, bytesFromTarget: 0 } }))).toBe('claimed "fresh store" but 5999 bytes crossed the link for 6000 bytes of NARs')
  })

  test('no-op: nothing new on the target', () => {
    expect(verdict('no-op', observation({ validBefore: new Set(closure.map((state) => state.path)), clientCopiedPaths: 0 }))).toBeNull()
    expect(verdict('no-op', observation({ validBefore: new Set(['/nix/store/a']) }))).toBe('claimed "no-op" but 2 paths crossed the link and the target substituted 0')
  })

  test('whatever the claim: a missing path, a signed source, or a client count that disagrees', () => {
    expect(verdict('fresh store', observation({ after: closure.map((state) => ({ ...state, valid: false })) }))).toBe('after the copy, 3 of 3 closure paths are not valid on the target')
    expect(verdict('with substitutes', observation({ closure: closure.map((state) => ({ ...state, signatures: [CACHE_SIG] })) }))).toBe(
      'the source\'s paths carry the cache\'s signature (flakebench-cache-1), so a path sent over the link cannot be told from one the target substituted',
    )
    expect(verdict('fresh store', observation({ clientCopiedPaths: 2 }))).toBe('the client reported copying 2 paths, but 3 arrived on the target without the cache\'s signature')
  })
})

describe('clientCopiedPaths', () => {
  test('sums the client\'s "copying N paths" lines; ignores per-path lines', () => {
    // Nix 2.8's stderr of nix copy --to ssh-ng:// and of nix-copy-closure --use-substitutes (forwarded remote lines).
    expect(clientCopiedPaths("copying 3 paths...\ncopying path '/nix/store/a' to 'ssh-ng://root@10.114.1.2'...\n")).toBe(3)
    expect(clientCopiedPaths("copying path '/nix/store/a' from 'file:///tmp/cache'...\ncopying 0 paths...\n")).toBe(0)
    expect(clientCopiedPaths('copying 1 path...\ncopying 2 paths...\n')).toBe(3)
    expect(clientCopiedPaths('')).toBeNull()
  })
})

describe('substituteOnDestinationGap', () => {
  const nix = (version: string, implementation: 'nix' | 'lix' = 'nix') => ({ implementation, version, versionLine: `nix (Nix) ${version}` })

  test('ssh-ng before Nix 2.20 cannot make the target substitute; the reason says why and since when', () => {
    expect(substituteOnDestinationGap('nix-copy-ssh-ng', nix('2.8.0'))).toBe(
      'Nix 2.8.0 ignores --substitute-on-destination for ssh-ng:// stores (it forwards only builders-use-substitutes; fixed in Nix 2.20, NixOS/nix#9600): every path would cross the link, so this copy cannot be measured with the target substituting',
    )
    expect(substituteOnDestinationGap('nix-copy-ssh-ng', nix('2.19.3'))).toMatch(/^Nix 2\.19\.3 ignores/)
  })

  test('from 2.20, for the other clients, and where the version is unknown or not Nix: no gap (each copy is verified)', () => {
    expect(substituteOnDestinationGap('nix-copy-ssh-ng', nix('2.20.0'))).toBeNull()
    expect(substituteOnDestinationGap('nix-copy-ssh-ng', nix('3.0.1'))).toBeNull()
    expect(substituteOnDestinationGap('nix-copy-closure', nix('2.8.0'))).toBeNull()
    expect(substituteOnDestinationGap('nix-copy-ssh', nix('2.8.0'))).toBeNull()
    expect(substituteOnDestinationGap('nix-copy-ssh-ng', nix('2.91.1', 'lix'))).toBeNull()
    expect(substituteOnDestinationGap('nix-copy-ssh-ng', nix('unknown'))).toBeNull()
  })
})
