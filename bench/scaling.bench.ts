import { describe, expect, test } from 'vitest'
import { benchSettings, loadConfig } from '../helpers/config/load.ts'
import { EvalCaches } from '../helpers/flake/eval-caches.ts'
import { createFixtureFlake, removeFixtureFlake, type FixtureFlake } from '../helpers/generate/fixture-flake.ts'
import { recordInterleaved, recordOutcome } from '../helpers/measure/record-bench.ts'
import { testTimeoutMs } from '../helpers/measure/test-timeout.ts'
import { EVALUATION_COUNTERS } from '../helpers/model/concerns.ts'
import { detectNix } from '../helpers/process/nix.ts'
import { scalingSeries } from '../helpers/judgements/scaling-gate.ts'

const { config } = loadConfig()
const concern = 'scaling'
const { moduleSizes, moduleTargets, growthLimitAt4x } = config.scaling

describe(concern, () => {
  const settings = benchSettings(config, 'evaluation-scaling')
  test('evaluation time against module count', { timeout: testTimeoutMs(settings, { commandsPerIteration: moduleSizes.length, setupCommands: moduleSizes.length * 3 }) }, async (context) => {
    if (config.flake) {
      const reason = 'the module count of a user\'s flake cannot be varied; the series runs on generated fixtures'
      recordOutcome(context, { id: 'scaling/evaluation', concern, name: 'evaluation time against module count', host: null, command: null, pairKey: null, status: 'skipped', reason })
      context.skip(reason)
    }
    await detectNix()
    const fixtures: FixtureFlake[] = []
    const caches: EvalCaches[] = []
    try {
      for (const modules of moduleSizes) {
        const fixture = await createFixtureFlake({ ...config.fixture, modules })
        fixtures.push(fixture)
        caches.push(await EvalCaches.create(config, fixture.dir, context.signal))
      }
      // The same host in every fixture: the first one (the VPS-like NixOS host by default).
      const outcomes = await recordInterleaved(context, fixtures.map((fixture, index) => {
        const host = fixture.hosts[0]!
        return {
          id: `scaling/evaluation/modules-${fixture.moduleCount}`, concern, name: `evaluate top-level drvPath, ${fixture.moduleCount} modules`, host: host.name, pairKey: null,
          settings,
          cacheState: { intended: 'not-applicable', verifiedBy: null },
          scenario: {
            command: () => caches[index]!.nix(['eval', '--raw', `${fixture.dir}#${host.attr}.drvPath`]),
            inspect: () => caches[index]!.inspect('not-applicable'),
          },
        }
      }))
      for (const outcome of outcomes) expect.soft(outcome).toMeetThreshold()
      const series = scalingSeries({
        id: 'scaling/evaluation-vs-modules', name: 'evaluation time against module count', unit: 'module',
        sizes: moduleSizes, outcomes, counters: EVALUATION_COUNTERS, growthLimitAt4x, targets: moduleTargets,
      })
      if (!series) return
      context.task.meta.flakebenchScaling = [series]
      expect(series.gate.status, series.gate.sentence).not.toBe('fail')
    } finally {
      await Promise.all([...caches.map((cache) => cache.dispose()), ...fixtures.map(removeFixtureFlake)])
    }
  })
})
