import { describe, expect, test } from 'vitest'
import { parseStorePathStates } from '../../../helpers/hosts/store-paths.ts'

const A = '/nix/store/rx8ch1ra4dml6p1znh1yqaa255ssi00p-a'
const B = '/nix/store/30d0cczsm088g73yxdyxqs68yighlhg9-b'

describe('parseStorePathStates', () => {
  test('Nix 2.8: a list, `valid: false` for a missing path, no `signatures` key when unsigned', () => {
    // Shapes as `nix path-info --json` printed them on Nix 2.8.0 here (hashes shortened).
    const stdout = JSON.stringify([
      { path: A, narHash: 'sha256-Y8h9', narSize: 200120, references: [], registrationTime: 1795697153, signatures: ['flakebench-cache-1:QHAn5ivL=='] },
      { path: B, narHash: 'sha256-ip95', narSize: 200160, references: [A], registrationTime: 1795697153 },
      { path: '/nix/store/z41ajb109s9hf576a5v9314x5mx13qhk-c', valid: false },
    ])
    expect(parseStorePathStates(stdout)).toEqual([
      { path: A, valid: true, narSize: 200120, signatures: ['flakebench-cache-1:QHAn5ivL=='] },
      { path: B, valid: true, narSize: 200160, signatures: [] },
      { path: '/nix/store/z41ajb109s9hf576a5v9314x5mx13qhk-c', valid: false, narSize: 0, signatures: [] },
    ])
  })

  test('Nix ≥ 2.19: an object keyed by path, null for a missing path', () => {
    const stdout = JSON.stringify({
      [A]: { narHash: 'sha256-Y8h9', narSize: 200120, references: [], signatures: ['flakebench-cache-1:QHAn5ivL=='], ultimate: false },
      [B]: null,
    })
    expect(parseStorePathStates(stdout)).toEqual([
      { path: A, valid: true, narSize: 200120, signatures: ['flakebench-cache-1:QHAn5ivL=='] },
      { path: B, valid: false, narSize: 0, signatures: [] },
    ])
  })

  test('no paths: an empty list or object', () => {
    expect(parseStorePathStates('[]')).toEqual([])
    expect(parseStorePathStates('{}')).toEqual([])
  })

  test('output that is not path-info JSON is refused, saying what was printed', () => {
    expect(() => parseStorePathStates('error: path is not valid')).toThrow('`nix path-info --json` printed something that is not JSON: error: path is not valid')
    expect(() => parseStorePathStates('42')).toThrow('`nix path-info --json` printed 42, neither a list nor an object of paths')
    expect(() => parseStorePathStates('[{"narSize": 1}]')).toThrow('`nix path-info --json` printed an entry without a store path: {"narSize":1}')
  })
})
