import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { serializeResults } from '../../reports/results-file.ts'
import { fakeResults } from '../reports/fake-results.ts'
import { runNpmScript } from './entry-points.ts'

let scratch: string
beforeAll(async () => { scratch = await mkdtemp(join(tmpdir(), 'flakebench-save-baseline-')) })
afterAll(() => rm(scratch, { recursive: true, force: true }))

test('npm run baseline saves a passing results file as the baseline, unchanged', { timeout: 60_000 }, async () => {
  const text = serializeResults(fakeResults())
  await writeFile(join(scratch, 'results.json'), text)
  const run = await runNpmScript('baseline', ['results.json'], scratch)
  expect(run.exitCode, `exit code (stderr: ${run.stderr})`).toBe(0)
  expect(run.stdout).toBe(`saved ${join(scratch, 'flakebench-baseline.json')} from ${join(scratch, 'results.json')} (3 benches); commit it to compare future runs`)
  expect(await readFile(join(scratch, 'flakebench-baseline.json'), 'utf8')).toBe(text)
})

test('npm run baseline refuses a failed run', { timeout: 60_000 }, async () => {
  const failed = fakeResults({ run: { startedAt: '2026-11-23T01:00:00.000Z', finishedAt: '2026-11-23T01:02:05.000Z', status: 'failed', errors: [] } })
  await writeFile(join(scratch, 'failed.json'), serializeResults(failed))
  const run = await runNpmScript('baseline', ['failed.json'], scratch)
  expect(run.exitCode).toBe(1)
  expect(run.stderr).toBe(`flakebench: ${join(scratch, 'failed.json')} is a failed run: a baseline must be a passing run`)
})
