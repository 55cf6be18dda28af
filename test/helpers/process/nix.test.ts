import { describe, expect, test } from 'vitest'
import { nixConfigText, nixEnvironment, parseNixVersion } from '../../../helpers/process/nix.ts'
import { flattenNumbers } from '../../../helpers/nix-output/show-stats.ts'

describe('parseNixVersion', () => {
  test.each([
    ['nix (Nix) 2.8.0', { implementation: 'nix', version: '2.8.0' }],
    ['nix (Nix) 2.30.2\n', { implementation: 'nix', version: '2.30.2' }],
    ['nix (Lix, like Nix) 2.91.1', { implementation: 'lix', version: '2.91.1' }],
    ['nix (Nix) 2.25.0pre20241010_dirty', { implementation: 'nix', version: '2.25.0pre20241010_dirty' }],
  ])('%j', (line, expected) => {
    expect(parseNixVersion(line)).toEqual({ ...expected, versionLine: line.trim() })
  })
})

describe('nix environment', () => {
  test('offline: flakes on, no substituters, no global registry', () => {
    expect(nixConfigText(true)).toBe('experimental-features = nix-command flakes\nsubstituters =\nflake-registry =')
    expect(nixConfigText(false)).toBe('experimental-features = nix-command flakes')
  })

  test('isolated caches and a stats file are set only when asked', () => {
    const env = nixEnvironment({ offline: true, xdgCacheHome: '/tmp/x', showStatsPath: '/tmp/s.json' })
    expect(env).toMatchObject({ XDG_CACHE_HOME: '/tmp/x', NIX_SHOW_STATS: '1', NIX_SHOW_STATS_PATH: '/tmp/s.json' })
    expect(Object.keys(nixEnvironment({ offline: true }))).not.toContain('XDG_CACHE_HOME')
  })
})

test('flattenNumbers keeps numeric leaves under dotted names', () => {
  expect(flattenNumbers({ cpuTime: 0.5, gc: { heapSize: 10, totalBytes: 20 }, name: 'x', list: [1] })).toEqual({
    cpuTime: 0.5,
    'gc.heapSize': 10,
    'gc.totalBytes': 20,
  })
})
