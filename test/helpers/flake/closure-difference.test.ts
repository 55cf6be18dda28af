import { expect, test } from 'vitest'
import { diffClosures, storeName, type Closure } from '../../../helpers/flake/closure-difference.ts'

const path = (hash: string, name: string) => `/nix/store/${hash.repeat(32)}-${name}`
const closure = (entries: Array<[string, number]>): Closure => ({ kind: 'derivations', narBytes: new Map(entries) })

test('paths added, removed and changed by name (hash stripped), and the NAR sizes', () => {
  const base = closure([[path('a', 'system.drv'), 1000], [path('b', 'service-1.drv'), 300], [path('c', 'gone.drv'), 50]])
  const head = closure([[path('d', 'system.drv'), 1200], [path('b', 'service-1.drv'), 300], [path('e', 'service-2.drv'), 400]])
  expect(diffClosures('vps', base, head)).toEqual({
    host: 'vps', closure: 'derivations', basePaths: 3, headPaths: 3,
    added: ['service-2.drv'], removed: ['gone.drv'], changed: ['system.drv'],
    baseBytes: 1350, headBytes: 1900,
  })
})

test('the same closure on both sides: nothing added, removed or changed', () => {
  const side = closure([[path('a', 'system.drv'), 1000]])
  expect(diffClosures('vps', side, side)).toMatchObject({ added: [], removed: [], changed: [], baseBytes: 1000, headBytes: 1000 })
})

test('storeName strips the store directory and hash', () => {
  expect(storeName(path('z', 'nixos-system-vps.drv'))).toBe('nixos-system-vps.drv')
})
