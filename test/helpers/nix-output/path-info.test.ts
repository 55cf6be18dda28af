import { readFileSync } from 'node:fs'
import { describe, expect, test } from 'vitest'
import { parsePathInfo, pathInfoFormat } from '../../../helpers/nix-output/path-info.ts'

const fixture = (path: string) => readFileSync(new URL(`../../recorded/${path}`, import.meta.url), 'utf8')
const ABSENT = '/nix/store/00000000000000000000000000000000-flakebench-absent'

describe('recorded here: the same closure on both versions', () => {
  // The fixture's host closure built into a fresh store by each Nix (scripts/record-nix-outputs.ts).
  test.each([['nix-2.8', 'list'], ['nix-2.26', 'object']] as const)('%s prints a %s, read alike', (version, format) => {
    const stdout = fixture(`${version}/path-info-recursive.json`)
    expect(pathInfoFormat(JSON.parse(stdout)), 'format detected from the shape').toBe(format)
    const infos = parsePathInfo(stdout)
    expect(infos.length, 'paths in the closure').toBe(5)
    expect(infos.every((info) => info.valid && info.path.startsWith('/nix/store/') && info.narSize > 0 && info.closureSize! >= info.narSize)).toBe(true)
  })

  test('both versions report the same paths, sizes and references', () => {
    const [old, current] = ['nix-2.8', 'nix-2.26'].map((version) => parsePathInfo(fixture(`${version}/path-info-recursive.json`))
      .map(({ path, narSize, closureSize, references }) => ({ path, narSize, closureSize, references }))
      .sort((a, b) => a.path.localeCompare(b.path)))
    expect(current).toEqual(old)
  })

  test.each(['nix-2.8', 'nix-2.26'])('%s: an invalid path is reported invalid', (version) => {
    expect(parsePathInfo(fixture(`${version}/path-info-invalid.json`))).toEqual([
      { path: ABSENT, valid: false, narSize: 0, closureSize: null, references: [], signatures: [] },
    ])
  })
})

describe('documented formats this machine cannot run', () => {
  test('--json-format 2 (Nix ≥ 2.33): base names become full paths, references too', () => {
    const stdout = fixture('nix-documented/path-info-format-2.json')
    expect(pathInfoFormat(JSON.parse(stdout))).toBe('versioned')
    expect(parsePathInfo(stdout)).toEqual([
      {
        path: '/nix/store/2f2rnw5vxcsa1yly7qjshb6rafl94lpf-service-5', valid: true, narSize: 262312, closureSize: 524576,
        references: ['/nix/store/bd1qd7a7g8xlm1149ik0ssp6xw1748kc-service-2'], signatures: ['flakebench-cache-1:QHAn5ivL=='],
      },
      { path: '/nix/store/bd1qd7a7g8xlm1149ik0ssp6xw1748kc-service-2', valid: true, narSize: 262264, closureSize: 262264, references: [], signatures: [] },
      { path: ABSENT, valid: false, narSize: 0, closureSize: null, references: [], signatures: [] },
    ])
  })

  test('--json-format 1 on Nix ≥ 2.33: the top-level storeDir is not a path; null fields read as absent', () => {
    expect(parsePathInfo(fixture('nix-documented/path-info-format-1-store-dir.json'))).toEqual([
      { path: '/nix/store/2f2rnw5vxcsa1yly7qjshb6rafl94lpf-service-5', valid: true, narSize: 262312, closureSize: null, references: ['/nix/store/bd1qd7a7g8xlm1149ik0ssp6xw1748kc-service-2'], signatures: [] },
    ])
  })

  test('Lix: the list, valid: false for a missing path', () => {
    expect(parsePathInfo(fixture('nix-documented/path-info-lix.json')).map(({ path, valid }) => ({ path, valid }))).toEqual([
      { path: '/nix/store/2f2rnw5vxcsa1yly7qjshb6rafl94lpf-service-5', valid: true },
      { path: ABSENT, valid: false },
    ])
  })

  test('an unknown format version is refused with what to pass instead', () => {
    expect(() => parsePathInfo('{"version":3,"storeDir":"/nix/store","info":{}}')).toThrow('printed format version 3; flakebench reads versions 1 and 2')
    expect(() => parsePathInfo('{"version":3,"storeDir":"/nix/store","info":{}}')).toThrow('pass `--json-format 2` (or 1) to nix path-info')
  })
})
