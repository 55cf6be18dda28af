import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { renderPerformanceMarkdown } from '../../reports/markdown/render.ts'
import { serializeResults } from '../../reports/results-file.ts'
import { fakeResults } from '../reports/fake-results.ts'
import { runNpmScript } from './entry-points.ts'

let scratch: string
beforeAll(async () => { scratch = await mkdtemp(join(tmpdir(), 'flakebench-render-file-')) })
afterAll(() => rm(scratch, { recursive: true, force: true }))

test('npm run report writes PERFORMANCE.md and its charts from a results file alone', { timeout: 60_000 }, async () => {
  const results = fakeResults()
  await writeFile(join(scratch, 'results.json'), serializeResults(results))
  const run = await runNpmScript('report', ['results.json', 'out/PERFORMANCE.md'], scratch)
  expect(run.exitCode, `exit code (stderr: ${run.stderr})`).toBe(0)
  expect(run.stdout).toBe(`wrote ${join(scratch, 'out/PERFORMANCE.md')} and 1 chart in ${join(scratch, 'out/performance-charts')} from ${join(scratch, 'results.json')}`)
  const markdown = await readFile(join(scratch, 'out/PERFORMANCE.md'), 'utf8')
  expect(markdown).toBe(renderPerformanceMarkdown(results, { chartsFolder: 'performance-charts' }))
  // The cold/warm pair's dot plot, linked relative to the Markdown file.
  expect(markdown).toContain('](performance-charts/cache-effectiveness-nix-flake-show.svg)')
  expect(await readFile(join(scratch, 'out/performance-charts/cache-effectiveness-nix-flake-show.svg'), 'utf8')).toMatch(/^<svg [^>]*><title>nix flake show: cold against warm<\/title>/)
})

test('npm run report on a missing file exits 1 with the error and what to do', { timeout: 60_000 }, async () => {
  const run = await runNpmScript('report', ['missing.json', 'PERFORMANCE.md'], scratch)
  expect(run.exitCode).toBe(1)
  expect(run.stderr).toContain(`flakebench: cannot read ${join(scratch, 'missing.json')}`)
  expect(run.stderr).toContain('→ run `npm run bench` first')
})
