import { afterAll, describe, expect, test, type TestContext } from 'vitest'
import { benchSettings, loadConfig } from '../helpers/config/load.ts'
import type { BinaryCache } from '../helpers/builds/binary-cache.ts'
import { removeTree } from '../helpers/builds/build-workspace.ts'
import { buildFailureText, inspectBuild, nixBuild, type BuildExpectation } from '../helpers/builds/host-build.ts'
import { useBuildState, type BuildState } from '../helpers/builds/build-state.ts'
import { fixtureHosts, localNixSystem } from '../helpers/generate/fixture-flake.ts'
import type { FlakeHost } from '../helpers/flake/configurations.ts'
import { parseBuildLog } from '../helpers/builds/build-log.ts'
import { CacheStateError } from '../helpers/errors.ts'
import { TestHosts } from '../helpers/hosts/test-hosts.ts'
import { recordBench, recordInterleaved, recordOutcome, type BenchDefinition } from '../helpers/measure/record-bench.ts'
import { testTimeoutMs } from '../helpers/measure/test-timeout.ts'
import type { BenchKey } from '../helpers/config/defaults.ts'

const { config } = loadConfig()
const concern = 'builds'
const buildState = useBuildState(config)

interface BuildBench {
  key: BenchKey
  name: string
  expectation: BuildExpectation
  /** Which generation is built: the base, or the next one (module 1 changed). */
  generation: 'base' | 'changed'
  /** Binary caches the build may substitute from. */
  caches: (build: BuildState, host: FlakeHost) => Promise<BinaryCache[]>
  /** Untimed: fills the fresh store before the timed build (e.g. with the previous generation). */
  seed?: (build: BuildState, host: FlakeHost, storeRoot: string) => Promise<void>
  maxJobs?: string
}

const noCache = async () => []
const baseCache = async (build: BuildState, host: FlakeHost) => [await build.baseCache(host)]

function benchId(bench: BuildBench, host: FlakeHost): string {
  return `builds/${bench.key}/${host.name}${bench.maxJobs ? `/max-jobs-${bench.maxJobs}` : ''}`
}

/** The uncached build at a given `--max-jobs`: the two sides of the parallel speed-up. */
function parallelBuild(maxJobs: string): BuildBench {
  return { key: 'parallel-build', name: `uncached build, max-jobs ${maxJobs}`, expectation: 'uncached', generation: 'base', caches: noCache, maxJobs }
}

/** A build in a fresh chroot store per iteration, checked against what its cache state promises. */
function definition(context: TestContext, build: BuildState, host: FlakeHost, bench: BuildBench, caches: BinaryCache[]): BenchDefinition {
  let storeRoot = ''
  const flakeRef = bench.generation === 'base' ? build.flake.flakeRef : build.flake.changedFlakeRef!
  const call = build.call(context.signal)
  return {
    id: benchId(bench, host),
    concern,
    name: bench.name,
    host: host.name,
    pairKey: bench.key === 'parallel-build' ? `max-jobs 1 → auto (${host.name})` : bench.expectation === 'uncached' || bench.expectation === 'cached' ? `build (${host.name})` : null,
    settings: benchSettings(config, bench.key, host),
    cacheState: { intended: bench.expectation === 'cached' ? 'warm' : bench.expectation === 'uncached' ? 'cold' : 'not-applicable', verifiedBy: `every sample: ${bench.expectation} (built/substituted counts from --log-format internal-json)` },
    scenario: {
      prepare: async () => {
        if (storeRoot) await removeTree(storeRoot)
        storeRoot = build.workspace.newPath('store')
        await bench.seed?.(build, host, storeRoot)
      },
      command: () => nixBuild({ storeRoot, installables: [`${flakeRef}#${host.attr}`], caches, maxJobs: bench.maxJobs, call }),
      inspect: (run) => inspectBuild(run, bench.expectation, storeRoot, call),
      failureText: buildFailureText,
    },
  }
}

const BENCHES: BuildBench[] = [
  { key: 'uncached-build', name: 'uncached build', expectation: 'uncached', generation: 'base', caches: noCache },
  { key: 'cached-build', name: 'cached build (signed file:// cache)', expectation: 'cached', generation: 'base', caches: baseCache },
  { key: 'partial-build', name: 'partially cached build (module 1 changed)', expectation: 'partial', generation: 'changed', caches: baseCache },
  {
    key: 'incremental-build', name: 'incremental build after a one-module change', expectation: 'incremental', generation: 'changed', caches: noCache,
    seed: (build, host, storeRoot) => build.substituteBase(host, storeRoot),
  },
]

/** Two sshd test hosts as Nix remote builders, started on first use; each in its own namespace so both use port 22. */
let builderHosts: Promise<{ hosts: TestHosts; key: string; sshOptions: string } | { skip: string }> | undefined
afterAll(async () => {
  const started = await builderHosts?.catch(() => undefined)
  if (started && 'hosts' in started) await started.hosts.dispose()
})
function remoteBuilders() {
  builderHosts ??= (async () => {
    if (process.getuid?.() !== 0) return { skip: 'remote builders need two test hosts on port 22, in network namespaces, which needs root' }
    const hosts = await TestHosts.start(2, { mode: 'namespace' })
    const options = hosts.hosts[0]!.sshOptions
    const keyIndex = options.indexOf('-i')
    // The key goes into the builder line; the remaining options (host-key checks off) through NIX_SSHOPTS.
    return { hosts, key: options[keyIndex + 1]!, sshOptions: options.filter((_, index) => index !== keyIndex && index !== keyIndex + 1).join(' ') }
  })()
  return builderHosts
}

function skip(context: TestContext, id: string, name: string, reason: string): void {
  recordOutcome(context, { id, concern, name, host: null, command: null, pairKey: null, status: 'skipped', reason })
  context.skip(reason)
}

/**
 * Why a build bench cannot run against a host of your flake, or null: a foreign system, builds from source not
 * allowed, no binary cache, no next generation.
 */
async function yourFlakeSkipReason(build: BuildState, host: FlakeHost, bench: BuildBench): Promise<string | null> {
  const unbuildable = await build.flake.unbuildableReason(host)
  if (unbuildable) return unbuildable
  const fromSource = config.builds.fromSource
  if (!fromSource && (bench.expectation === 'uncached' || bench.expectation === 'incremental' || bench.maxJobs)) {
    return 'builds from source are off for your flake (a real closure from an empty store can take hours and needs its sources): set builds.fromSource to true to measure them'
  }
  if (!fromSource && !config.builds.binaryCache) return 'needs a binary cache: set builds.binaryCache (e.g. your CI\'s cache), or builds.fromSource to build one'
  if (bench.generation === 'changed' && !build.flake.changedFlakeRef) return 'needs your next generation: set builds.changedFlake to a flake reference of it (e.g. a branch)'
  return null
}

/** For your flake, the configured binary cache replaces the one flakebench builds from source. */
async function cachesFor(build: BuildState, host: FlakeHost, bench: BuildBench): Promise<BinaryCache[]> {
  const configured = config.builds.binaryCache
  if (config.flake && configured && bench.caches === baseCache) return [{ url: configured.url, publicKey: configured.publicKey ?? null }]
  return bench.caches(build, host)
}

describe(concern, () => {
  if (config.flake) {
    // Your hosts are known only once the flake is evaluated: one test per kind of build, a bench per host in it.
    const hostCount = config.hosts?.length ?? 10
    for (const bench of [...BENCHES, parallelBuild('auto')]) {
      const settings = benchSettings(config, bench.key)
      test(`${bench.name}, each host`, { timeout: testTimeoutMs(settings, { commandsPerIteration: hostCount, setupCommands: 4 * hostCount }) }, async (context) => {
        const build = await buildState()
        context.task.meta.flakebenchTarget = build.flake.description
        for (const host of build.flake.hosts) {
          const reason = await yourFlakeSkipReason(build, host, bench)
          if (reason) {
            recordOutcome(context, { id: benchId(bench, host), concern, name: bench.name, host: host.name, command: null, pairKey: null, status: 'skipped', reason })
            continue
          }
          const outcome = await recordBench(context, definition(context, build, host, bench, await cachesFor(build, host, bench)))
          expect.soft(outcome).toMeetThreshold()
        }
      })
    }
    return
  }

  for (const host of fixtureHosts(config.fixture).slice(0, config.fixture.builtHosts)) {
    describe(host.name, () => {
      for (const bench of BENCHES) {
        const settings = benchSettings(config, bench.key, host)
        test(bench.name, { timeout: testTimeoutMs(settings, { setupCommands: 4 }) }, async (context) => {
          const build = await buildState()
          context.task.meta.flakebenchTarget = build.flake.description
          const outcome = await recordBench(context, definition(context, build, host, bench, await bench.caches(build, host)))
          expect(outcome).toMeetThreshold()
        })
      }

      // The speed-ups are properties of the machine and the Nix setup, not of a host: measured on the first one.
      if (host.name !== fixtureHosts(config.fixture)[0]!.name) return
      const parallel = benchSettings(config, 'parallel-build', host)
      test('parallel speed-up: max-jobs 1 vs auto (interleaved)', { timeout: testTimeoutMs(parallel, { commandsPerIteration: 2 }) }, async (context) => {
        if (!config.builds.parallelSpeedUp) return skip(context, `builds/parallel-build/${host.name}`, 'parallel speed-up: max-jobs 1 vs auto', `builds.parallelSpeedUp is off (profile ${config.profile}; the speed-up is the machine's and Nix's, not the flake's): set it to true, or run npm run bench:full`)
        const build = await buildState()
        const outcomes = await recordInterleaved(context, [parallelBuild('1'), parallelBuild('auto')].map((bench) => definition(context, build, host, bench, [])))
        for (const outcome of outcomes) expect.soft(outcome).toMeetThreshold()
      })

      const distributed = benchSettings(config, 'distributed-build', host)
      test('distributed: 1 vs 2 remote builders (interleaved)', { timeout: testTimeoutMs(distributed, { commandsPerIteration: 2, setupCommands: 3 }) }, async (context) => {
        if (!config.builds.remoteBuilders) return skip(context, `builds/distributed/${host.name}`, 'distributed builds', `builds.remoteBuilders is off (profile ${config.profile}): set it to true, or run npm run bench:full`)
        const build = await buildState()
        const builders = await remoteBuilders()
        if ('skip' in builders) return skip(context, `builds/distributed/${host.name}`, 'distributed builds', builders.skip)
        const call = build.call(context.signal)
        const definitions = [1, 2].map((count): BenchDefinition => {
          let storeRoot = ''
          const used = builders.hosts.hosts.slice(0, count)
          return {
            id: `builds/distributed/${host.name}/${count}-builders`, concern, name: `uncached build on ${count} remote builder${count > 1 ? 's' : ''} (max-jobs 0)`, host: host.name,
            pairKey: `remote builders 1 → 2 (${host.name})`,
            settings: distributed,
            cacheState: { intended: 'cold', verifiedBy: 'the client store and every builder\'s store are emptied before each sample' },
            scenario: {
              prepare: async () => {
                await Promise.all([storeRoot, ...used.map((builder) => builder.storeRoot)].filter(Boolean).map(removeTree))
                storeRoot = build.workspace.newPath('store')
              },
              command: () => nixBuild({
                storeRoot, installables: [`${build.flake.flakeRef}#${host.attr}`], caches: [], maxJobs: '0',
                builders: used.map((builder) => `ssh://${builder.user}@${builder.address} ${localNixSystem()} ${builders.key} 1 1`),
                call: { ...call, env: { ...call.env, NIX_SSHOPTS: builders.sshOptions } },
              }),
              inspect: async (run) => {
                const log = parseBuildLog(run.stderrLines)
                if (log.derivationsBuilt === 0 || log.pathsSubstituted > 0) throw new CacheStateError(`a distributed uncached build must build everything; it had ${log.derivationsBuilt} built, ${log.pathsSubstituted} substituted`)
                return { derivationsBuilt: log.derivationsBuilt, builders: count, buildingMs: log.buildingMs }
              },
              failureText: buildFailureText,
            },
          }
        })
        const outcomes = await recordInterleaved(context, definitions)
        for (const outcome of outcomes) expect.soft(outcome).toMeetThreshold()
      })
    })
  }
})
