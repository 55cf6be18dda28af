import { afterAll, beforeAll, expect, test } from 'vitest'
import { readResults } from '../../reports/results-file.ts'
import { benchWorkspace, LENIENT_GATE, runBench } from './bench-run.ts'

let workspace: Awaited<ReturnType<typeof benchWorkspace>>
beforeAll(async () => { workspace = await benchWorkspace() })
afterAll(() => workspace.dispose())

test('a small real series (10, 20, 40 modules) is fitted, gated and extrapolated', { timeout: 300_000 }, async () => {
  const run = await runBench(workspace.dir, {
    fixture: { nixosHosts: 1, darwinHosts: 0 },
    iterations: 2,
    scaling: { ...LENIENT_GATE, moduleSizes: [10, 20, 40], moduleTargets: [80, 400] },
  }, { files: ['bench/scaling.bench.ts'] })
  expect(run.exitCode, run.output).toBe(0)
  const [series] = (await readResults(run.resultsJson)).scaling
  expect(series?.points.map((point) => point.n)).toEqual([10, 20, 40])
  expect(series?.gate).toMatchObject({ status: "pass", limit: 1000 })
  const [near, far] = series!.extrapolations
  expect([near?.n, far?.n]).toEqual([80, 400])
  expect(near, '2× the largest size: a figure, no warning').toMatchObject({ predictedMs: expect.any(Number), timesLargestMeasured: 2, farExtrapolationWarning: null })
  expect(far, '10× the largest size: a range only, with the warning').toMatchObject({ predictedMs: null, timesLargestMeasured: 10, farExtrapolationWarning: expect.stringMatching(/^far extrapolation: 400 modules is 10\.0× the largest size measured \(40\)/) })
  expect(far!.models).toContain(series!.fit.model)
  // Function calls grow exactly with the module count: a linear fit explains them all.
  const calls = series?.counterFits.find((fit) => fit.counter === 'nrFunctionCalls')
  expect(calls).toMatchObject({ model: 'O(n)' })
  expect(calls!.r2).toBeGreaterThan(0.999)
})

test('test-suite series: every size builds exactly its tests, fitted per test; serial vs parallel paired', { timeout: 300_000 }, async () => {
  const run = await runBench(workspace.dir, {
    fixture: { nixosHosts: 1, darwinHosts: 0, unitTestCpuIterations: 100, integrationTestCpuIterations: 20_000 },
    iterations: 1,
    scaling: { ...LENIENT_GATE, unitTestSizes: [1, 2, 3], integrationTestSizes: [1, 2, 3], testTargets: [10] },
  }, { files: ['bench/test-suite-scaling.bench.ts'] })
  expect(run.exitCode, run.output).toBe(0)
  const results = await readResults(run.resultsJson)
  expect(results.scaling.map((series) => [series.unit, series.points.map((point) => point.n)])).toEqual([['test', [1, 2, 3]], ['test', [1, 2, 3]]])
  for (const bench of results.benchmarks) {
    if (bench.status !== 'measured') throw new Error(`${bench.id} not measured`)
    const n = Number(/-(\d+)\/max-jobs/.exec(bench.id)?.[1])
    expect(bench.samples.every((sample) => sample.counters?.testsRun === n), bench.id).toBe(true)
  }
  expect(results.speedUps.map((pair) => pair.pairKey)).toEqual(['3 integration tests: max-jobs 1 → auto'])
})

test('vars series: real SSH host keys and age-encrypted secrets for 1, 2, 3 machines, serial and parallel', { timeout: 300_000 }, async () => {
  const run = await runBench(workspace.dir, { iterations: 1, scaling: { ...LENIENT_GATE, machineSizes: [1, 2, 3], machineTargets: [50] } }, { files: ['bench/vars-scaling.bench.ts'] })
  expect(run.exitCode, run.output).toBe(0)
  const results = await readResults(run.resultsJson)
  expect(results.scaling.map((series) => series.id)).toEqual(['scaling/vars-serial', 'scaling/vars-parallel'])
  for (const bench of results.benchmarks) {
    if (bench.status !== 'measured') throw new Error(`${bench.id} not measured`)
    expect(bench.samples[0]?.counters?.machines, bench.id).toBe(Number(bench.id.split('/').at(-1)))
  }
  expect(results.speedUps).toHaveLength(1)
})

test('the standard profile measures the serial vars series and leaves the parallel one to full, saying so', { timeout: 300_000 }, async () => {
  const run = await runBench(workspace.dir, { profile: 'standard', iterations: 1, scaling: { ...LENIENT_GATE, machineSizes: [1, 2, 3], machineTargets: [50] } }, { files: ['bench/vars-scaling.bench.ts'] })
  expect(run.exitCode, run.output).toBe(0)
  const results = await readResults(run.resultsJson)
  expect(results.scaling.map((series) => series.id)).toEqual(['scaling/vars-serial'])
  const skipped = results.benchmarks.filter((bench) => bench.status === 'skipped')
  expect(skipped.map((bench) => [bench.id, bench.status === 'skipped' ? bench.reason : null])).toEqual([[
    'scaling/vars/parallel',
    'scaling.varsParallelism is off (profile standard; a parallel speed-up of the machine and the embedded generator, which no flake moves): set it to true, or run npm run bench:full',
  ]])
  expect(results.speedUps).toEqual([])
})

test('your own test command as a series: "{n}" reaches it literally, as an argument', { timeout: 300_000 }, async () => {
  // A stand-in suite: 20 ms per test; the size arrives as $1.
  const run = await runBench(workspace.dir, {
    iterations: 1,
    scaling: { ...LENIENT_GATE, unitTestSizes: [1, 2, 4], testTargets: [8], testCommand: ['sh', '-c', 'i=0; while [ "$i" -lt "$1" ]; do sleep 0.02; i=$((i + 1)); done', 'suite', '{n}'] },
  }, { files: ['bench/test-suite-scaling.bench.ts'] })
  expect(run.exitCode, run.output).toBe(0)
  const results = await readResults(run.resultsJson)
  expect(results.scaling.map((series) => series.id)).toEqual(['scaling/your-tests'])
  expect(results.benchmarks.filter((bench) => bench.status === 'measured').map((bench) => bench.command)).toEqual([
    ['sh', '-c', 'i=0; while [ "$i" -lt "$1" ]; do sleep 0.02; i=$((i + 1)); done', 'suite', '1'],
    ['sh', '-c', 'i=0; while [ "$i" -lt "$1" ]; do sleep 0.02; i=$((i + 1)); done', 'suite', '2'],
    ['sh', '-c', 'i=0; while [ "$i" -lt "$1" ]; do sleep 0.02; i=$((i + 1)); done', 'suite', '4'],
  ])
  expect(results.benchmarks.filter((bench) => bench.status === 'skipped')).toHaveLength(3)
})
