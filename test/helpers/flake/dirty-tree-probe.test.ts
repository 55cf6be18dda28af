import { describe, expect, test } from 'vitest'
import { dirtyTreeWarmSkipReason, metadataShowsDirtyTree, probeDirtyTreeEvalCache } from '../../../helpers/flake/dirty-tree-probe.ts'
import { detectNix } from '../../../helpers/process/nix.ts'

const command = ['nix', 'flake', 'show', '--json', '<probe flake>']

describe('the dirty-tree probe on the real nix of this machine', () => {
  // Cache hits are exact counters (nrFunctionCalls == 0), so the run that hits is the same under any load.
  test('Nix 2.8 caches a dirty tree: a fresh cache answers the third run', { timeout: 120_000 }, async () => {
    const nix = await detectNix()
    const probe = await probeDirtyTreeEvalCache({ timeoutMs: 60_000 })
    if (nix.implementation === 'nix' && nix.version.startsWith('2.8.')) {
      expect(probe).toEqual({ status: 'cached', answeredOnRun: 3, runsPerTree: 4, command })
    } else {
      // Another Nix on PATH: the exact runs are 2.8's; the probe must still come to a verdict.
      expect(['cached', 'not cached'], `nix ${nix.version}: ${JSON.stringify(probe)}`).toContain(probe.status)
    }
  })

  test('with the eval cache turned off, not even the committed control is answered: "unknown", with the likely cause', { timeout: 120_000 }, async () => {
    const inherited = process.env.NIX_CONFIG
    process.env.NIX_CONFIG = 'eval-cache = false'
    try {
      expect(await probeDirtyTreeEvalCache({ timeoutMs: 60_000 })).toEqual({
        status: 'unknown',
        reason: 'the eval cache did not answer even a committed tree in 4 runs of `nix flake show --json` (is eval-cache = false set in nix.conf or NIX_CONFIG?)',
      })
    } finally {
      if (inherited === undefined) delete process.env.NIX_CONFIG
      else process.env.NIX_CONFIG = inherited
    }
  })

  test('a probe that cannot run is "unknown" with the reason, not a throw', async () => {
    const probe = await probeDirtyTreeEvalCache({ timeoutMs: 1 })
    expect(probe.status).toBe('unknown')
    expect(probe.status === 'unknown' && probe.reason).toMatch(/^the probe failed: /)
  })
})

describe('dirty trees from nix flake metadata', () => {
  test('Nix 2.8: a git flake without a revision is dirty', () => {
    expect(metadataShowsDirtyTree({ locked: { type: 'git' } })).toBe(true)
    expect(metadataShowsDirtyTree({ locked: { type: 'git' }, revision: 'abc' })).toBe(false)
  })
  test('newer Nix: dirtyRevision', () => {
    expect(metadataShowsDirtyTree({ locked: { type: 'git' }, dirtyRevision: 'abc-dirty' })).toBe(true)
  })
  test('a path: flake has no git tree to be dirty', () => {
    expect(metadataShowsDirtyTree({ locked: { type: 'path' } })).toBe(false)
  })
})

describe('whether the warm bench can measure a dirty flake', () => {
  test('on a Nix that caches dirty trees (2.8) it measures', () => {
    expect(dirtyTreeWarmSkipReason({ status: 'cached', answeredOnRun: 3, runsPerTree: 4, command }, '2.8.0')).toBeNull()
  })
  test('on a Nix that does not (2.21 and later) it skips, says why and what to do', () => {
    expect(dirtyTreeWarmSkipReason({ status: 'not cached', committedAnsweredOnRun: 2, runsPerTree: 4, command }, '2.26.3')).toBe(
      'your flake\'s git tree is dirty, and Nix 2.26.3 does not cache a dirty tree\'s evaluation (probed: a committed tree was answered on run 2, a dirty one in none of 4 runs): commit your changes to measure warm evaluation')
  })
  test('an unknown probe lets the bench try (and fail with its own reason if the cache never answers)', () => {
    expect(dirtyTreeWarmSkipReason({ status: 'unknown', reason: 'x' }, '2.8.0')).toBeNull()
  })
})
