import { existsSync, readdirSync } from 'node:fs'
import { expect, test } from 'vitest'
import { BENCH_DEFAULTS, CONCERN_DEFAULTS, PROFILES } from '../helpers/config/defaults.ts'
import { CONCERN_COUNTERS, CONCERNS, COUNTER, EXACT_COUNTERS } from '../helpers/model/concerns.ts'
import { CONCERN_REPORTS, CONCERN_SECTIONS } from '../reports/concerns.ts'

// A concern is one bench file plus one entry in each typed registry; this proves every registered concern has
// all its parts, and that no bench file runs without being registered.
const BENCH_FOLDER = new URL('../bench/', import.meta.url)

test.each(CONCERNS)('%s has a bench file, defaults, a report entry and counters', (concern) => {
  expect(existsSync(new URL(`${concern}.bench.ts`, BENCH_FOLDER)), `bench/${concern}.bench.ts`).toBe(true)
  const defaults = CONCERN_DEFAULTS[concern]
  const borrowed = 'benchesOf' in defaults ? defaults.benchesOf : undefined
  if (borrowed) expect(Object.keys(CONCERN_DEFAULTS[borrowed].benches).length, `benches of ${borrowed}`).toBeGreaterThan(0)
  else expect(Object.keys(defaults.benches).length, 'benches in CONCERN_DEFAULTS').toBeGreaterThan(0)
  expect(typeof defaults.inQuickProfile).toBe('boolean')
  const report = CONCERN_REPORTS[concern]
  expect(report.sections, 'every concern gets its table').toContain('concern-table')
  for (const section of report.sections) expect(Object.keys(CONCERN_SECTIONS)).toContain(section)
  expect(CONCERN_COUNTERS[concern], 'counters (empty when it records none)').toBeTypeOf('object')
})

test('the bench folder holds nothing unregistered, and the registries hold no concern without a bench file', () => {
  const files = readdirSync(BENCH_FOLDER).filter((file) => file.endsWith('.ts')).map((file) => file.replace(/\.bench\.ts$/, ''))
  expect(files.sort()).toEqual([...CONCERNS].sort())
  for (const registry of [CONCERN_DEFAULTS, CONCERN_REPORTS, CONCERN_COUNTERS]) expect(Object.keys(registry).sort()).toEqual([...CONCERNS].sort())
})

test('a bench key belongs to one concern only', () => {
  const keys = CONCERNS.flatMap((concern) => Object.keys(CONCERN_DEFAULTS[concern].benches))
  expect(keys.length).toBe(new Set(keys).size)
  expect(Object.keys(BENCH_DEFAULTS).sort()).toEqual([...keys].sort())
})

test('the quick profile runs the concerns marked for it; the exact counters are the ones the concerns mark exact', () => {
  expect(PROFILES.quick).toMatchObject({ concerns: CONCERNS.filter((concern) => concern !== 'test-suite-scaling' && concern !== 'nix-versions') })
  expect([...EXACT_COUNTERS].sort()).toEqual([
    'closureBytes', 'closureDerivations', 'closurePaths', 'derivationsBuilt', 'generations', 'hosts', 'machines', 'managedLinks',
    'nrFunctionCalls', 'nrThunks', 'pathsSubstituted', 'resourcesAdded', 'resourcesChanged', 'resourcesDestroyed', 'testsRun', 'values.number',
  ])
  expect(COUNTER.derivationsBuilt).toBe('derivationsBuilt')
  expect(COUNTER['values.number']).toBe('values.number')
})
