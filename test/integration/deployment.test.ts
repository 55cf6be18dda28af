import { execFileSync } from 'node:child_process'
import { mkdir, readdir } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { readResults } from '../../reports/results-file.ts'
import { benchWorkspace, LENIENT_GATE, runBench } from './bench-run.ts'

let workspace: Awaited<ReturnType<typeof benchWorkspace>>
beforeAll(async () => { workspace = await benchWorkspace() })
afterAll(() => workspace.dispose())

test('copies, deploy phases and a small fleet against real sshd hosts; nothing is left behind', { timeout: 300_000 }, async () => {
  const namespacesBefore = execFileSync('ip', ['netns', 'list'], { encoding: 'utf8' })
  const tmpdir = join(workspace.dir, 'tmp')
  await mkdir(tmpdir)
  const run = await runBench(workspace.dir, {
    iterations: 1,
    fixture: { modules: 4, nixosHosts: 1, darwinHosts: 0, packageCpuIterations: 100, packageOutputBytes: 32_768 },
    scaling: { ...LENIENT_GATE, machineSizes: [1, 2, 3], machineTargets: [10] },
  }, { files: ['bench/deployment.bench.ts'], tmpdir })
  expect(run.exitCode, run.output).toBe(0)
  const results = await readResults(run.resultsJson)
  for (const bench of results.benchmarks) if (bench.status !== 'measured') throw new Error(`${bench.id}: ${JSON.stringify(bench)}`)
  const copies = results.benchmarks.filter((bench) => bench.id.startsWith('deployment/copy/'))
  // local: 3 clients fresh + 3 no-op; direct and relayed: 3 fresh + 3 with substitutes each.
  expect(copies).toHaveLength(18)
  for (const bench of copies) expect(bench.status === 'measured' && bench.samples[0]?.counters?.closurePaths, bench.id).toBe(4)
  expect(results.benchmarks.filter((bench) => bench.id.startsWith('deployment/deploy/')).map((bench) => bench.id)).toEqual([
    'deployment/deploy/1-eval', 'deployment/deploy/2-build', 'deployment/deploy/3-copy', 'deployment/deploy/4-activate', 'deployment/deploy/5-ssh',
  ])
  expect(results.scaling.map((series) => [series.id, series.points.map((point) => point.n)])).toEqual([['deployment/fleet', [1, 2, 3]]])
  const relayed = results.benchmarks.find((bench) => bench.id === 'deployment/copy/relayed/nix-copy-ssh-ng/fresh-store')
  const rtt = relayed?.status === 'measured' ? relayed.samples[0]?.counters?.achievedRttMs : undefined
  expect(rtt, 'relayed profile RTT within 20 % of 50 ms').toBeGreaterThan(40)
  expect(rtt).toBeLessThan(60)
  expect(execFileSync('ip', ['netns', 'list'], { encoding: 'utf8' }), 'no namespace left').toBe(namespacesBefore)
  expect(await readdir(tmpdir), 'no store, key, host or fixture left').toEqual([])
})
