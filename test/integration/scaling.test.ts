import { afterAll, beforeAll, expect, test } from 'vitest'
import { readResults } from '../../reports/results-file.ts'
import { benchWorkspace, runBench } from './bench-run.ts'

let workspace: Awaited<ReturnType<typeof benchWorkspace>>
beforeAll(async () => { workspace = await benchWorkspace() })
afterAll(() => workspace.dispose())

test('a small real series (10, 20, 40 modules) is fitted, gated and extrapolated', { timeout: 300_000 }, async () => {
  const run = await runBench(workspace.dir, {
    fixture: { nixosHosts: 1, darwinHosts: 0 },
    iterations: 2,
    scaling: { moduleSizes: [10, 20, 40], moduleTargets: [80] },
  }, { files: ['bench/scaling.bench.ts'] })
  expect(run.exitCode, run.output).toBe(0)
  const [series] = (await readResults(run.resultsJson)).scaling
  expect(series?.points.map((point) => point.n)).toEqual([10, 20, 40])
  expect(series?.gate.status).toBe('pass')
  expect(series?.extrapolations.map((target) => target.n)).toEqual([80])
  // Function calls grow exactly with the module count: a linear fit explains them all.
  const calls = series?.counterFits.find((fit) => fit.counter === 'nrFunctionCalls')
  expect(calls).toMatchObject({ model: 'O(n)' })
  expect(calls!.r2).toBeGreaterThan(0.999)
})
