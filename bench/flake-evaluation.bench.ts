import { afterAll, describe, expect, test } from 'vitest'
import { benchSettings, loadConfig } from '../helpers/config/load.ts'
import { dirtyTreeWarmSkipReason, flakeTreeIsDirty, probeDirtyTreeEvalCache } from '../helpers/flake/dirty-tree-probe.ts'
import { EvalCaches } from '../helpers/flake/eval-caches.ts'
import { recordBench, recordOutcome } from '../helpers/measure/record-bench.ts'
import { nixEnvironment } from '../helpers/process/nix.ts'
import { testTimeoutMs } from '../helpers/measure/test-timeout.ts'
import { useBenchedFlake } from '../helpers/flake/benched-flake.ts'

const { config } = loadConfig()
const benchedFlake = useBenchedFlake(config)
const concern = 'flake evaluation'

const caches: EvalCaches[] = []
afterAll(() => Promise.all(caches.map((cache) => cache.dispose())))
async function evalCaches(flakeRef: string, signal: AbortSignal): Promise<EvalCaches> {
  const cache = await EvalCaches.create(config, flakeRef, signal)
  caches.push(cache)
  return cache
}

describe(concern, () => {
  const cold = benchSettings(config, 'cold-flake-show')
  test('cold nix flake show', { timeout: testTimeoutMs(cold) }, async (context) => {
    const { flakeRef, description } = await benchedFlake()
    context.task.meta.flakebenchTarget = description
    const cache = await evalCaches(flakeRef, context.signal)
    const outcome = await recordBench(context, {
      id: 'flake-evaluation/cold-flake-show', concern, name: 'cold nix flake show', host: null, pairKey: 'nix flake show',
      settings: cold,
      cacheState: () => cache.state('cold', cache.deletesSource
        ? 'before each sample: eval and fetcher caches emptied, flake source deleted from the store; after: nrFunctionCalls > 0'
        : 'before each sample: eval and fetcher caches emptied (the flake source stays in your store: allow.deleteStorePaths would delete it too); after: nrFunctionCalls > 0'),
      scenario: {
        prepare: () => cache.makeCold(),
        command: () => cache.nix(['flake', 'show', '--json', flakeRef]),
        inspect: () => cache.inspect('cold'),
      },
    })
    expect(outcome).toMeetThreshold()
  })

  const warm = benchSettings(config, 'warm-flake-show')
  test('warm nix flake show', { timeout: testTimeoutMs(warm, { setupCommands: 3 }) }, async (context) => {
    const { flakeRef, nix } = await benchedFlake()
    // Whether Nix caches a dirty tree depends on its version (2.8 does, 2.21 and later do not): probed, not assumed.
    const call = { env: nixEnvironment({ offline: config.offline }), timeoutMs: config.timeoutMs, signal: context.signal }
    if (config.flake && (await flakeTreeIsDirty(flakeRef, call))) {
      const reason = dirtyTreeWarmSkipReason(await probeDirtyTreeEvalCache(call), nix.version)
      if (reason) {
        recordOutcome(context, { id: 'flake-evaluation/warm-flake-show', concern, name: 'warm nix flake show', host: null, command: null, pairKey: 'nix flake show', status: 'skipped', reason })
        return context.skip(reason)
      }
    }
    const cache = await evalCaches(flakeRef, context.signal)
    const primingRuns = await cache.primeUntilCached(['flake', 'show', '--json', flakeRef])
    const outcome = await recordBench(context, {
      id: 'flake-evaluation/warm-flake-show', concern, name: 'warm nix flake show', host: null, pairKey: 'nix flake show',
      settings: warm,
      cacheState: () => cache.state('warm', `primed by ${primingRuns} runs; nrFunctionCalls == 0 in every sample (the eval cache answered)`),
      scenario: {
        command: () => cache.nix(['flake', 'show', '--json', flakeRef]),
        inspect: () => cache.inspect('warm'),
      },
    })
    expect(outcome).toMeetThreshold()
  })

  const check = benchSettings(config, 'flake-check')
  test('nix flake check --no-build', { timeout: testTimeoutMs(check) }, async (context) => {
    const { flakeRef } = await benchedFlake()
    const cache = await evalCaches(flakeRef, context.signal)
    const outcome = await recordBench(context, {
      id: 'flake-evaluation/flake-check', concern, name: 'nix flake check --no-build', host: null, pairKey: null,
      settings: check,
      cacheState: { intended: 'not-applicable', verifiedBy: null },
      scenario: {
        command: () => cache.nix(['flake', 'check', '--no-build', flakeRef]),
        inspect: () => cache.inspect('not-applicable'),
      },
    })
    expect(outcome).toMeetThreshold()
  })

  const hostDefaults = benchSettings(config, 'host-evaluation')
  test('each host\'s top-level drvPath (nix eval)', { timeout: testTimeoutMs(hostDefaults, { commandsPerIteration: config.hosts?.length ?? 50 }) }, async (context) => {
    const { flakeRef, hosts } = await benchedFlake()
    const cache = await evalCaches(flakeRef, context.signal)
    expect(hosts.length, 'hosts to evaluate: set "hosts" in the config or give the flake nixosConfigurations, darwinConfigurations or homeConfigurations').toBeGreaterThan(0)
    for (const { name, attr, kind } of hosts) {
      const outcome = await recordBench(context, {
        id: `flake-evaluation/host-evaluation/${name}`, concern, name: 'evaluate top-level drvPath', host: name, pairKey: null,
        settings: benchSettings(config, 'host-evaluation', { kind, name }),
        // Nix's `nix eval` never reads the evaluation cache, so every sample evaluates the host in full.
        cacheState: { intended: 'not-applicable', verifiedBy: null },
        scenario: {
          command: () => cache.nix(['eval', '--raw', `${flakeRef}#${attr}.drvPath`]),
          inspect: () => cache.inspect('not-applicable'),
          // Compared with the baseline: a faster evaluation of a different derivation is no speed-up.
          facts: (run) => ({ drvPath: run.stdout.trim() }),
        },
      })
      expect.soft(outcome).toMeetThreshold()
    }
  })
})
