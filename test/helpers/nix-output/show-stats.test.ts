import { readFileSync } from 'node:fs'
import { expect, test } from 'vitest'
import { flattenNumbers, parseShowStats } from '../../../helpers/nix-output/show-stats.ts'
import { EVALUATION_COUNTERS } from '../../../helpers/model/concerns.ts'

const fixture = (path: string) => readFileSync(new URL(`../../recorded/${path}`, import.meta.url), 'utf8')

test('Nix 2.8 (recorded): cpuTime only; no GC time or cycles', () => {
  const stats = parseShowStats(fixture('nix-2.8/show-stats-eval.json'))
  expect(stats.cpuSeconds).toBe(stats.flat.cpuTime)
  expect(stats.gcSeconds, 'time.gc arrived in 2.24').toBeNull()
  expect(stats.gcCycles, 'gc.cycles arrived in 2.24').toBeNull()
})

test('Nix 2.26 (recorded): time.cpu, time.gc and gc.cycles', () => {
  const stats = parseShowStats(fixture('nix-2.26/show-stats-eval.json'))
  expect(stats.cpuSeconds).toBe(stats.flat['time.cpu'])
  expect(stats.gcSeconds).toBe(stats.flat['time.gc'])
  expect(stats.gcCycles).toBe(1)
})

test('the counters flakebench compares exist in both versions, and count the same host evaluation alike', () => {
  const [old, current] = ['nix-2.8', 'nix-2.26'].map((version) => parseShowStats(fixture(`${version}/show-stats-eval.json`)).flat)
  for (const counter of EVALUATION_COUNTERS) {
    expect(typeof old![counter], `2.8 ${counter}`).toBe('number')
    expect(typeof current![counter], `2.26 ${counter}`).toBe('number')
  }
  // The same drvPath evaluation: the same function calls and thunks on both (values.number differs by one).
  expect(current!.nrFunctionCalls).toBe(old!.nrFunctionCalls)
  expect(current!.nrThunks).toBe(old!.nrThunks)
})

test('flattenNumbers keeps numeric leaves under dotted names and leaves lists out', () => {
  expect(flattenNumbers({ cpuTime: 0.5, gc: { heapSize: 10, totalBytes: 20 }, name: 'x', list: [1] })).toEqual({ cpuTime: 0.5, 'gc.heapSize': 10, 'gc.totalBytes': 20 })
})

test('text that is not a stats object is refused with what was written', () => {
  expect(() => parseShowStats('warning: x')).toThrow('NIX_SHOW_STATS wrote something that is not JSON: warning: x')
  expect(() => parseShowStats('[1]')).toThrow('NIX_SHOW_STATS wrote [1], not an object')
})
