import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { readResults, serializeResults, writeFileAtomic } from '../../reports/results-file.ts'
import { PerformanceResultsSchema } from '../../helpers/model/results-schema.ts'
import { measuredBench, performanceResults } from './results-factory.ts'

let dir: string
beforeEach(async () => { dir = await mkdtemp(join(tmpdir(), 'flakebench-results-')) })
afterEach(() => rm(dir, { recursive: true, force: true }))

describe('results schema', () => {
  test('a hand-built results document is valid and survives a write/read round trip', async () => {
    const results = performanceResults([measuredBench(), { id: 'tf', concern: 'terraform', name: 'plan', host: null, command: null, pairKey: null, status: 'skipped', reason: 'terraform not installed' }])
    expect(PerformanceResultsSchema.parse(results)).toEqual(results)
    const path = join(dir, 'performance-results.json')
    await writeFileAtomic(path, serializeResults(results))
    expect(await readResults(path)).toEqual(results)
  })

  test.each([
    ['a measured bench without samples', { samples: [] }, /benchmarks\.0\.samples: Too small/],
    ['an infinite wall time', { samples: [{ wallMs: Number.POSITIVE_INFINITY, userCpuMs: null, systemCpuMs: null, peakRssKb: null, exitCode: 0, counters: null }] }, /benchmarks\.0\.samples\.0\.wallMs/],
    ['an unknown field', { colour: 'blue' }, /Unrecognized key: "colour"/],
  ])('refuses %s', (_, change, message) => {
    const results = performanceResults([{ ...measuredBench(), ...change } as never])
    expect(() => serializeResults(results)).toThrow(message)
  })
})

describe('readResults', () => {
  test.each([
    ['corrupt JSON', '{"schemaVersion": 1,', /is not valid JSON .*\n→ the file is corrupt: delete it and run `npm run bench` again/],
    ['another schema version', '{"schemaVersion": 99}', /has schemaVersion 99, this flakebench reads version 1/],
    ['a document that does not match', '{"schemaVersion": 1, "run": {}}', /does not match the results schema:\n {2}run\.startedAt/],
  ])('%s is a clear error naming the file', async (_, text, message) => {
    const path = join(dir, 'bad.json')
    await writeFile(path, text)
    await expect(readResults(path)).rejects.toThrow(message)
    await expect(readResults(path)).rejects.toThrow(path)
  })
})

describe('writeFileAtomic', () => {
  test('replaces the file whole and leaves no temporary file', async () => {
    const path = join(dir, 'out.json')
    await writeFile(path, 'old')
    await writeFileAtomic(path, 'new')
    expect(await readFile(path, 'utf8')).toBe('new')
    expect(await readdir(dir)).toEqual(['out.json'])
  })

  test('an output path that cannot be written is a clear error and the file in the way is kept', async () => {
    const blocker = join(dir, 'reports')
    await writeFile(blocker, 'old')
    await expect(writeFileAtomic(join(blocker, 'out.json'), 'new')).rejects.toThrow(
      /^cannot write .*reports\/out\.json: .*\n→ make the output directory writable/,
    )
    expect(await readFile(blocker, 'utf8')).toBe('old')
    expect(await readdir(dir)).toEqual(['reports'])
  })
})
