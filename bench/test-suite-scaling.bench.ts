import { afterAll, describe, expect, test, type TestContext } from 'vitest'
import { BuildWorkspace, removeTree } from '../helpers/builds/build-workspace.ts'
import { parseBuildLog } from '../helpers/builds/build-log.ts'
import { buildFailureText, nixBuild } from '../helpers/builds/host-build.ts'
import { benchSettings, loadConfig } from '../helpers/config/load.ts'
import { CacheStateError } from '../helpers/errors.ts'
import { createFixtureFlake, localNixSystem, removeFixtureFlake, type FixtureFlake } from '../helpers/generate/fixture-flake.ts'
import { recordInterleaved, recordOutcome, type BenchDefinition } from '../helpers/measure/record-bench.ts'
import { testTimeoutMs } from '../helpers/measure/test-timeout.ts'
import type { CountersOf } from '../helpers/model/concerns.ts'
import { nixEnvironment } from '../helpers/process/nix.ts'
import { scalingSeries } from '../helpers/judgements/scaling-gate.ts'

const { config } = loadConfig()
const concern = 'scaling'
const { unitTestSizes, integrationTestSizes, testTargets, growthLimitAt4x } = config.scaling
const settings = benchSettings(config, 'test-suite-scaling')

/** One fixture with as many tests of each kind as the largest size, and a workspace for fresh stores. */
let shared: Promise<{ fixture: FixtureFlake; workspace: BuildWorkspace }> | undefined
afterAll(async () => {
  const opened = await shared?.catch(() => undefined)
  await opened?.workspace.dispose()
  if (opened) await removeFixtureFlake(opened.fixture)
})
const open = () => (shared ??= (async () => ({
  fixture: await createFixtureFlake({ ...config.fixture, unitTests: Math.max(...unitTestSizes), integrationTests: Math.max(...integrationTestSizes) }),
  workspace: await BuildWorkspace.create(),
}))())

/** Running the first n tests of a kind = building their checks, uncached, in a fresh store. */
function suiteRun(context: TestContext, kind: 'unit' | 'integration', n: number, maxJobs: string, opened: { fixture: FixtureFlake; workspace: BuildWorkspace }, pairKey: string | null = null): BenchDefinition {
  const call = { env: nixEnvironment({ offline: config.offline }), timeoutMs: config.timeoutMs, signal: context.signal }
  const installables = Array.from({ length: n }, (_, index) => `${opened.fixture.dir}#checks.${localNixSystem()}.${kind}-${index + 1}`)
  let storeRoot = ''
  return {
    id: `scaling/${pairKey ? 'parallel-tests' : 'tests'}/${kind}-${n}/max-jobs-${maxJobs}`, concern, name: `${n} ${kind} tests, max-jobs ${maxJobs}`, host: null,
    pairKey,
    settings,
    cacheState: { intended: 'cold', verifiedBy: 'every sample: each test built in a fresh store, nothing substituted' },
    scenario: {
      prepare: async () => {
        if (storeRoot) await removeTree(storeRoot)
        storeRoot = opened.workspace.newPath('store')
      },
      command: () => nixBuild({ storeRoot, installables, caches: [], maxJobs, call }),
      inspect: async (run) => {
        const log = parseBuildLog(run.stderrLines)
        if (log.derivationsBuilt !== n || log.pathsSubstituted > 0) {
          throw new CacheStateError(`running ${n} tests must build exactly ${n} checks; it built ${log.derivationsBuilt} and substituted ${log.pathsSubstituted}`)
        }
        return { testsRun: n, buildingMs: log.buildingMs } satisfies CountersOf<'test-suite-scaling'>
      },
      failureText: buildFailureText,
    },
  }
}

function skipForUserFlake(context: TestContext, id: string, name: string): void {
  const reason = config.scaling.testCommand
    ? 'your test command runs instead of the fixture\'s tests (see "your test suite against test count")'
    : 'the fixture\'s tests are not yours: set scaling.testCommand to run your own suite as a series'
  recordOutcome(context, { id, concern, name, host: null, command: null, pairKey: null, status: 'skipped', reason })
  context.skip(reason)
}

/** The user's test command at size n: "{n}" replaced in each argument, literally (no shell). */
function userSuiteRun(context: TestContext, command: readonly string[], n: number): BenchDefinition {
  const [file, ...args] = command.map((arg) => arg.replaceAll('{n}', String(n)))
  return {
    id: `scaling/tests/yours-${n}`, concern, name: `your test suite, n = ${n}`, host: null, pairKey: null,
    settings,
    cacheState: { intended: 'not-applicable', verifiedBy: null },
    scenario: { command: () => ({ file: file!, args, timeoutMs: config.timeoutMs, signal: context.signal }) },
  }
}

describe(concern, () => {
  for (const [kind, sizes] of [['unit', unitTestSizes], ['integration', integrationTestSizes]] as const) {
    const name = `${kind} test-suite time against test count (max-jobs 1)`
    test(name, { timeout: testTimeoutMs(settings, { commandsPerIteration: sizes.length }) }, async (context) => {
      if (config.flake || config.scaling.testCommand) return skipForUserFlake(context, `scaling/${kind}-tests`, name)
      const opened = await open()
      const outcomes = await recordInterleaved(context, sizes.map((n) => suiteRun(context, kind, n, '1', opened)))
      for (const outcome of outcomes) expect.soft(outcome).toMeetThreshold()
      const series = scalingSeries({ id: `scaling/${kind}-tests`, name, unit: 'test', sizes, outcomes, counters: [], growthLimitAt4x, targets: testTargets })
      if (!series) return
      context.task.meta.flakebenchScaling = [series]
      expect(series.gate.status, series.gate.sentence).not.toBe('fail')
    })
  }

  const { testCommand } = config.scaling
  if (testCommand) {
    const name = 'your test suite against test count'
    test(name, { timeout: testTimeoutMs(settings, { commandsPerIteration: unitTestSizes.length }) }, async (context) => {
      const outcomes = await recordInterleaved(context, unitTestSizes.map((n) => userSuiteRun(context, testCommand, n)))
      for (const outcome of outcomes) expect.soft(outcome).toMeetThreshold()
      const series = scalingSeries({ id: 'scaling/your-tests', name, unit: 'test', sizes: unitTestSizes, outcomes, counters: [], growthLimitAt4x, targets: testTargets })
      if (!series) return
      context.task.meta.flakebenchScaling = [series]
      expect(series.gate.status, series.gate.sentence).not.toBe('fail')
    })
  }

  const largest = Math.max(...integrationTestSizes)
  test(`${largest} integration tests: max-jobs 1 vs auto (interleaved)`, { timeout: testTimeoutMs(settings, { commandsPerIteration: 2 }) }, async (context) => {
    if (config.flake || config.scaling.testCommand) return skipForUserFlake(context, 'scaling/integration-tests-parallel', 'integration tests: max-jobs 1 vs auto')
    if (!config.scaling.testParallelism) {
      const reason = `scaling.testParallelism is off (profile ${config.profile}; a property of the machine and Nix, as the builds bench's parallel speed-up): set it to true, or run npm run bench:full`
      recordOutcome(context, { id: 'scaling/integration-tests-parallel', concern, name: 'integration tests: max-jobs 1 vs auto', host: null, command: null, pairKey: null, status: 'skipped', reason })
      return context.skip(reason)
    }
    const opened = await open()
    const pairKey = `${largest} integration tests: max-jobs 1 → auto`
    const outcomes = await recordInterleaved(context, ['1', 'auto'].map((maxJobs) => suiteRun(context, 'integration', largest, maxJobs, opened, pairKey)))
    for (const outcome of outcomes) expect.soft(outcome).toMeetThreshold()
  })
})
