import { afterAll, beforeAll, expect, test } from 'vitest'
import { readResults } from '../../reports/results-file.ts'
import { benchWorkspace, runBench, sampleCounters } from './bench-run.ts'

let workspace: Awaited<ReturnType<typeof benchWorkspace>>
beforeAll(async () => { workspace = await benchWorkspace() })
afterAll(() => workspace.dispose())

test('activation links one managed file per module that applies, one generation; re-activation changes nothing', { timeout: 300_000 }, async () => {
  const run = await runBench(workspace.dir, {
    iterations: 2,
    fixture: { modules: 6, nixosHosts: 1, darwinHosts: 1, packageCpuIterations: 100, packageOutputBytes: 1000 },
  }, { files: ['bench/activation.bench.ts'] })
  expect(run.exitCode, run.output).toBe(0)
  const results = await readResults(run.resultsJson)
  const counters = (id: string) => sampleCounters(results, id)
  // Modules 1–6: 1 and 4 are common, 2 and 5 NixOS-only, 3 and 6 darwin-only: 4 files on each host.
  for (const id of ['activation/first-activation/vps', 'activation/reactivation/vps', 'activation/first-activation/darwin-1', 'activation/reactivation/darwin-1']) {
    for (const sample of counters(id)) expect(sample, id).toEqual({ managedLinks: 4, generations: 1, hookRuns: 4 })
  }
})
