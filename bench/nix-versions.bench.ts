import { afterAll, describe, expect, test, type TestContext } from 'vitest'
import { benchSettings, loadConfig } from '../helpers/config/load.ts'
import type { BenchKey } from '../helpers/config/defaults.ts'
import { useBuildState } from '../helpers/builds/build-state.ts'
import { removeTree } from '../helpers/builds/build-workspace.ts'
import { buildFailureText, inspectBuild, nixBuild, type BuildExpectation } from '../helpers/builds/host-build.ts'
import { CacheStateError, describeError } from '../helpers/errors.ts'
import { EvalCaches } from '../helpers/flake/eval-caches.ts'
import type { FlakeHost } from '../helpers/flake/configurations.ts'
import { measureInterleaved, recordInterleaved, recordOutcome, type BenchDefinition } from '../helpers/measure/record-bench.ts'
import { testTimeoutMs } from '../helpers/measure/test-timeout.ts'
import type { BenchOutcome, NixRun, NixVersionRow, NixVersions } from '../helpers/model/results-schema.ts'
import { detectNixBuilds, selectNixBuilds, type DetectedNixBuild } from '../helpers/process/nix-builds.ts'
import { compareNixVersions, type NixVersionSide } from '../helpers/statistics/nix-version-comparison.ts'
import { NIX_VERSION_COPY_CLOSURE } from '../helpers/config/defaults.ts'
import { COPY_CLIENT_NAMES } from '../helpers/hosts/copy-capabilities.ts'
import { checkRemoteNix, crossVersionCopyCommand, freshCopyCounters, probeCrossVersionCopy } from '../helpers/hosts/cross-version-copy.ts'
import type { CopyClientKey } from '../helpers/hosts/copy-capabilities.ts'
import { buildModelClosure, type ModelClosure } from '../helpers/hosts/model-closures.ts'
import { NETWORK_PROFILES, throughProfile, type ProfiledHost } from '../helpers/hosts/network-profile.ts'
import { TestHosts } from '../helpers/hosts/test-hosts.ts'

const { config } = loadConfig()
const concern = 'nix version matrix'
const fixture = useBuildState(config)
const selection = selectNixBuilds(config.nix)
let detected: ReturnType<typeof detectNixBuilds> | undefined
const nixBuilds = () => (detected ??= detectNixBuilds(selection))

const COUNTERS_METHOD = 'evaluation counters from one untimed NIX_SHOW_STATS run per Nix and bench, in the bench\'s cache state (the timed samples run without it: from Nix 2.19 it adds a full garbage collection inside the process); build counters from each sample\'s own --log-format internal-json'

const caches: EvalCaches[] = []
afterAll(() => Promise.all(caches.map((cache) => cache.dispose())))

/** One Nix's side of a matrix bench: what is timed, and the untimed run that gives its counters (and checks its state). */
interface Side {
  definition: BenchDefinition
  /** Untimed, before the timed samples: establishes and checks the state, and takes the counters where they come from a run of their own. */
  before?: () => Promise<void>
  /** Read after the timed samples. */
  counters: () => Record<string, number> | null
  behaviour?: () => string
}

const nixRun = (build: DetectedNixBuild): NixRun => ({ label: build.label, implementation: build.info.implementation, version: build.info.version })
const idOf = (key: string, build: DetectedNixBuild, host?: FlakeHost) => `nix-versions/${key}${host ? `/${host.name}` : ''}/${build.label}`

/**
 * Runs one bench on every Nix build, interleaved sample by sample, and records the matrix rows: the run's first
 * Nix against each other. With one Nix it records the bench as skipped, saying why.
 */
async function matrix(context: TestContext, key: string, name: string, host: FlakeHost | undefined, side: (build: DetectedNixBuild) => Promise<Side>): Promise<void> {
  const builds = await matrixBuilds(context, key, name, host)
  if (!builds) return
  const sides = await Promise.all(builds.map(side))
  for (const one of sides) await one.before?.()
  const outcomes = await recordInterleaved(context, sides.map((one) => one.definition))
  await recordRows(context, rowsAgainstFirst(name, builds, outcomes, sides))
  for (const outcome of outcomes) expect.soft(outcome).toMeetThreshold()
}

/** The run's Nix builds when there are two or more; otherwise the bench is recorded as skipped, saying why, and null. */
async function matrixBuilds(context: TestContext, key: string, name: string, host: FlakeHost | undefined): Promise<DetectedNixBuild[] | null> {
  const { builds, absent } = await nixBuilds()
  if (builds.length >= 2) return builds
  const reason = `only one Nix is available (${builds.map((build) => `${build.label}: ${build.info.versionLine}`).join('') || 'none'}); ${absent.map((entry) => `${entry.label}: ${entry.reason}`).join('; ') || 'name a second one in FLAKEBENCH_NIX or the config\'s "nix"'}`
  context.task.meta.flakebenchNixVersions = { ...(await matrixBase()), oneColumnReason: reason, rows: context.task.meta.flakebenchNixVersions?.rows ?? [] }
  recordOutcome(context, { id: `nix-versions/${key}${host ? `/${host.name}` : ''}`, concern, name, host: host?.name ?? null, command: null, pairKey: null, status: 'skipped', reason })
  context.skip(reason)
  return null
}

async function matrixBase(): Promise<Omit<NixVersions, 'rows' | 'oneColumnReason'>> {
  const { builds, absent } = await nixBuilds()
  return { builds: builds.map(nixRun), absent, countersMethod: COUNTERS_METHOD, noiseFloorPct: config.baseline.noiseFloorPct }
}

/** The run's first Nix against each other, from one outcome and side per build, in the builds' order. */
function rowsAgainstFirst(name: string, builds: readonly DetectedNixBuild[], outcomes: readonly BenchOutcome[], sides: ReadonlyArray<Pick<Side, 'counters' | 'behaviour'>>): NixVersionRow[] {
  const measured = outcomes.map((outcome, index): NixVersionSide | null => (outcome.status === 'measured'
    ? { label: builds[index]!.label, bench: outcome, counters: sides[index]!.counters(), behaviour: sides[index]!.behaviour?.() }
    : null))
  const [first, ...others] = measured
  return first ? others.flatMap((other) => (other ? [compareNixVersions(name, first, other, config.baseline.noiseFloorPct)] : [])) : []
}

/** A test may run several matrix benches (one per host, or per remote Nix): their rows accumulate. */
async function recordRows(context: TestContext, rows: NixVersionRow[]): Promise<void> {
  context.task.meta.flakebenchNixVersions = { ...(await matrixBase()), oneColumnReason: null, rows: [...(context.task.meta.flakebenchNixVersions?.rows ?? []), ...rows] }
}

function identity(key: string, name: string, build: DetectedNixBuild, settingsKey: BenchKey, host?: FlakeHost) {
  return { id: idOf(key, build, host), concern, name: `${name} on ${build.label}`, host: host?.name ?? null, pairKey: null, nix: nixRun(build), settings: benchSettings(config, settingsKey, host) }
}

async function evalCaches(flakeRef: string, context: TestContext, build: DetectedNixBuild): Promise<EvalCaches> {
  const cache = await EvalCaches.create(config, flakeRef, context.signal, build)
  caches.push(cache)
  return cache
}

const evalSettings = benchSettings(config, 'nix-versions-eval')
const buildSettings = benchSettings(config, 'nix-versions-build')
// Per Nix: the timed samples, plus priming and counted runs; two Nix builds unless the config names more.
const variants = Math.max(2, selection.builds.length)
const evalTimeout = testTimeoutMs(evalSettings, { commandsPerIteration: variants, setupCommands: 6 * variants })

// The copy client the standard profile compares first (nix copy ssh-ng://), then the legacy serve protocol's two.
const COPY_CLIENT_ORDER: readonly CopyClientKey[] = ['nix-copy-ssh-ng', 'nix-copy-closure', 'nix-copy-ssh']

/** Started by the first copy test that runs and shared by the others; removed after the file. */
const copyHosts: { started: TestHosts[]; routes: ProfiledHost[]; sourceStoreRoot: string | null } = { started: [], routes: [], sourceStoreRoot: null }
let copyReady: Promise<{ sourceStoreRoot: string; closure: ModelClosure; routes: ProfiledHost[] }> | undefined
afterAll(async () => {
  await copyReady?.catch(() => undefined)
  // A failed start leaves a gap in routes.
  for (const route of copyHosts.routes) await route?.dispose()
  for (const hosts of copyHosts.started) await hosts.dispose()
  if (copyHosts.sourceStoreRoot) await removeTree(copyHosts.sourceStoreRoot)
})

/**
 * The closure the copies send (built for them, the same for every pair, so that it does not depend on the flake
 * measured) and one host per remote Nix, each checked to answer with its Nix before anything is timed.
 */
function copySetup(builds: readonly DetectedNixBuild[], context: TestContext) {
  copyReady ??= (async () => {
    const build = await fixture()
    const call = build.call(context.signal)
    const sourceStoreRoot = (copyHosts.sourceStoreRoot = build.workspace.newPath('store'))
    const closure = await buildModelClosure(sourceStoreRoot, NIX_VERSION_COPY_CLOSURE, call)
    const local = NETWORK_PROFILES.find((profile) => profile.name === 'local')!
    const { routes } = copyHosts
    // Settled, all of them, before a failure is thrown: the cleanup must see every host that started.
    const starts = await Promise.allSettled(builds.map(async (remoteNix, r) => {
      const hosts = await TestHosts.start(1, { remoteNix })
      copyHosts.started.push(hosts)
      routes[r] = await throughProfile(hosts.hosts[0]!, local)
      await checkRemoteNix(routes[r].host, remoteNix.info.version, config.timeoutMs)
    }))
    for (const start of starts) if (start.status === 'rejected') throw start.reason
    return { sourceStoreRoot, closure, routes }
  })()
  return copyReady
}

describe(concern, () => {
  test('cold nix flake show on each Nix', { timeout: evalTimeout }, async (context) => {
    const { flake } = await fixture()
    const args = ['flake', 'show', '--json', flake.flakeRef]
    await matrix(context, 'cold-flake-show', 'cold nix flake show', undefined, async (build) => {
      const cache = await evalCaches(flake.flakeRef, context, build)
      let counters: Record<string, number> | null = null
      return {
        definition: {
          ...identity('cold-flake-show', 'cold nix flake show', build, 'nix-versions-eval'),
          cacheState: { intended: 'cold', verifiedBy: 'before each sample: eval and fetcher caches emptied and the flake source deleted, checked gone' },
          scenario: { prepare: () => cache.makeCold(), command: () => cache.uncounted(args) },
        },
        before: async () => {
          await cache.makeCold()
          counters = await cache.counted(args)
          if (counters?.nrFunctionCalls === 0) throw new CacheStateError(`a cold run on ${build.label} evaluated nothing (nrFunctionCalls = 0): the evaluation cache was not empty`)
        },
        counters: () => counters,
      }
    })
  })

  test('warm nix flake show on each Nix', { timeout: evalTimeout }, async (context) => {
    const { flake } = await fixture()
    const args = ['flake', 'show', '--json', flake.flakeRef]
    await matrix(context, 'warm-flake-show', 'warm nix flake show', undefined, async (build) => {
      const cache = await evalCaches(flake.flakeRef, context, build)
      let primingRuns = 0
      let counters: Record<string, number> | null = null
      return {
        definition: {
          ...identity('warm-flake-show', 'warm nix flake show', build, 'nix-versions-eval'),
          cacheState: () => ({ intended: 'warm', verifiedBy: `primed by ${primingRuns} runs; an untimed run then showed nrFunctionCalls == 0 (the eval cache answered)` }),
          scenario: { command: () => cache.uncounted(args) },
        },
        before: async () => {
          primingRuns = await cache.primeUntilCached(args)
          counters = await cache.counted(args)
          if (counters && counters.nrFunctionCalls !== 0) throw new CacheStateError(`the evaluation cache of ${build.label} did not answer after priming: nrFunctionCalls = ${counters.nrFunctionCalls}`)
        },
        counters: () => counters,
        behaviour: () => `the eval cache answered after ${primingRuns} priming run${primingRuns === 1 ? '' : 's'}`,
      }
    })
  })

  test('nix flake check --no-build on each Nix', { timeout: evalTimeout }, async (context) => {
    const { flake } = await fixture()
    const args = ['flake', 'check', '--no-build', flake.flakeRef]
    await matrix(context, 'flake-check', 'nix flake check --no-build', undefined, async (build) => {
      const cache = await evalCaches(flake.flakeRef, context, build)
      let counters: Record<string, number> | null = null
      return {
        definition: {
          ...identity('flake-check', 'nix flake check --no-build', build, 'nix-versions-eval'),
          cacheState: { intended: 'not-applicable', verifiedBy: null },
          scenario: { command: () => cache.uncounted(args) },
        },
        before: async () => {
          counters = await cache.counted(args)
        },
        counters: () => counters,
      }
    })
  })

  test('each host\'s top-level drvPath on each Nix', { timeout: evalTimeout * (config.hosts?.length ?? 5) }, async (context) => {
    const { flake } = await fixture()
    const [first, ...others] = flake.hosts
    if (!config.nixMatrix.everyHost) {
      const reason = `nixMatrix.everyHost is off (profile ${config.profile}; the flake-evaluation bench evaluates every host on the run's Nix): set it to true, or run npm run bench:full`
      for (const host of others) recordOutcome(context, { id: `nix-versions/host-evaluation/${host.name}`, concern, name: 'evaluate top-level drvPath', host: host.name, command: null, pairKey: null, status: 'skipped', reason })
    }
    for (const host of config.nixMatrix.everyHost ? flake.hosts : [first!]) {
      const args = ['eval', '--raw', `${flake.flakeRef}#${host.attr}.drvPath`]
      await matrix(context, 'host-evaluation', 'evaluate top-level drvPath', host, async (build) => {
        const cache = await evalCaches(flake.flakeRef, context, build)
        let counters: Record<string, number> | null = null
        return {
          definition: {
            ...identity('host-evaluation', 'evaluate top-level drvPath', build, 'nix-versions-eval', host),
            // `nix eval` never reads the evaluation cache: every sample evaluates the host in full.
            cacheState: { intended: 'not-applicable', verifiedBy: null },
            scenario: { command: () => cache.uncounted(args), facts: (run) => ({ drvPath: run.stdout.trim() }) },
          },
          before: async () => {
          counters = await cache.counted(args)
        },
        counters: () => counters,
        }
      })
    }
  })

  const builtHost = async () => {
    const build = await fixture()
    return { build, host: build.flake.hosts.find((host) => host.kind === 'nixos') ?? build.flake.hosts[0]! }
  }
  const buildTimeout = testTimeoutMs(buildSettings, { commandsPerIteration: variants, setupCommands: 2 * variants })

  for (const [key, name, expectation] of [['uncached-build', 'uncached build', 'uncached'], ['cached-build', 'cached build (signed file:// cache)', 'cached']] as const) {
    test(`${name} on each Nix`, { timeout: buildTimeout }, async (context) => {
      const { build, host } = await builtHost()
      if (!config.nixMatrix.builds) {
        const reason = `nixMatrix.builds is off (profile ${config.profile}; the builds bench measures the ${name} on the run's Nix): set it to true, or run npm run bench:full`
        recordOutcome(context, { id: `nix-versions/${key}/${host.name}`, concern, name, host: host.name, command: null, pairKey: null, status: 'skipped', reason })
        return context.skip(reason)
      }
      await matrix(context, key, name, host, async (nix) => {
        // Built (once per host, by the run's first Nix) only when the matrix runs.
        const caches = expectation === 'cached' ? [await build.baseCache(host)] : []
        const call = { ...build.call(context.signal), nix }
        let storeRoot = ''
        let lastCounters: Record<string, number> | null = null
        const definition: BenchDefinition = {
          ...identity(key, name, nix, 'nix-versions-build', host),
          cacheState: { intended: expectation === 'cached' ? 'warm' : 'cold', verifiedBy: `every sample: ${expectation} (built/substituted counts from --log-format internal-json)` },
          scenario: {
            prepare: async () => {
              if (storeRoot) await removeTree(storeRoot)
              storeRoot = build.workspace.newPath('store')
            },
            command: () => nixBuild({ storeRoot, installables: [`${build.flake.flakeRef}#${host.attr}`], caches, call }),
            inspect: async (run) => (lastCounters = await inspectBuild(run, expectation satisfies BuildExpectation, storeRoot, call)),
            failureText: buildFailureText,
          },
        }
        // The build log counts every sample's work exactly, at no cost to its time: no separate run is needed.
        return { definition, counters: () => lastCounters }
      })
    })
  }

  const copySettings = benchSettings(config, 'nix-versions-copy')
  // Per client: every client × remote pair's samples, and when a pair fails, an untimed copy of each and the samples
  // again; plus (in whichever test comes first) building the closure and starting one host per remote Nix.
  const copyTimeout = testTimeoutMs(copySettings, { commandsPerIteration: 2 * variants * variants, setupCommands: 4 + 3 * variants + variants * variants })
  for (const clientKey of COPY_CLIENT_ORDER) {
    const clientName = COPY_CLIENT_NAMES[clientKey]
    const copyName = `closure copy (${clientName})`
    // ssh-ng's ids predate the other clients' and stay as they were, so that earlier results still compare.
    const key = clientKey === 'nix-copy-ssh-ng' ? 'closure-copy' : `closure-copy/${clientKey}`
    test(`${copyName} from each client Nix to a host running each Nix`, { timeout: copyTimeout }, async (context) => {
      const off = !config.nixMatrix.copies
        ? `nixMatrix.copies is off (profile ${config.profile}; a copy between two Nix builds sends the fixture's payload whatever the flake, so no change to your flake moves it): set it to true, or run npm run bench:full`
        : !config.closureCopies.clients.includes(clientKey)
        ? `${clientName} is not in closureCopies.clients (${config.closureCopies.clients.join(', ')}): add "${clientKey}" to compare it across Nix versions`
        : clientKey !== 'nix-copy-ssh-ng' && !config.nixMatrix.everyCopyClient
          ? `nixMatrix.everyCopyClient is off (profile ${config.profile}; the matrix copies by nix copy ssh-ng:// only, and the deployment bench measures ${clientName} on the run's Nix): set it to true, or run npm run bench:full`
          : null
      if (off) {
        recordOutcome(context, { id: `nix-versions/${key}`, concern, name: copyName, host: null, command: null, pairKey: null, status: 'skipped', reason: off })
        return context.skip(off)
      }
      const builds = await matrixBuilds(context, key, copyName, undefined)
      if (!builds) return
      const { sourceStoreRoot, closure, routes } = await copySetup(builds, context)
      const call = (await fixture()).call(context.signal)
      const copy = { sourceStoreRoot, root: closure.root, offline: config.offline }
      // Every client × remote pair in one interleaved run: client i to remote r is pair r × builds + i.
      const pairs = builds.flatMap((remoteNix, r) => builds.map((client) => ({ client, remoteNix, route: routes[r]! })))
      const counters: Array<Record<string, number> | null> = pairs.map(() => null)
      const definitions = pairs.map(({ client, remoteNix, route }, index): BenchDefinition => ({
        id: `nix-versions/${key}/${client.label}-to-${remoteNix.label}`,
        concern,
        name: `${copyName}: ${client.label} client to a ${remoteNix.label} host`,
        host: null,
        pairKey: null,
        nix: nixRun(client),
        settings: copySettings,
        cacheState: { intended: 'cold', verifiedBy: `the host store is emptied before each sample; after it every one of the ${closure.states.length} closure paths is valid there and was sent over the link (pathsTransferred = closure), the client's "copying N paths" agrees, and the relay carried at least the NAR bytes; the host answered \`nix-store --version\` with ${remoteNix.info.version} before the samples` },
        scenario: {
          prepare: async () => {
            await removeTree(route.host.storeRoot)
            // Whatever crossed the link before the sample is not the sample's.
            await route.takeLinkBytes()
          },
          command: () => crossVersionCopyCommand(clientKey, client, route, copy, call),
          inspect: async (run) => (counters[index] = await freshCopyCounters({ closure: closure.states, route, stderr: run.stderr }, call)),
          // The client's Nix is the bench's `nix`; the copy client and the remote's Nix are facts, the same on both sides of a row.
          facts: () => ({ client: clientName, remoteNix: `${remoteNix.label} (${remoteNix.info.implementation} ${remoteNix.info.version})` }),
        },
      }))
      let outcomes = await measureInterleaved(context, definitions)
      // One pair that fails stops them all. Which pairs cannot copy at all is found by one untimed copy each, and
      // those are reported failed with Nix's own error while the others are measured again without them; no
      // probe is run (nor time spent) when every pair copied.
      if (outcomes.some((outcome) => outcome.status === 'failed')) {
        const unable = new Map<number, BenchOutcome>()
        for (const [index, { client, remoteNix, route }] of pairs.entries()) {
          const pair = `${clientName} of ${client.label} (Nix ${client.info.version}) to a host running ${remoteNix.label} (Nix ${remoteNix.info.version})`
          try {
            await probeCrossVersionCopy(crossVersionCopyCommand(clientKey, client, route, copy, call), { closure: closure.states, route, pair }, call)
          } catch (error) {
            const { settings, cacheState: _cacheState, scenario: _scenario, ...identity } = definitions[index]!
            unable.set(index, { ...identity, command: null, status: 'failed', error: describeError(error), samples: [], statistics: null, threshold: settings.threshold, verdict: { status: 'none' } })
          }
        }
        if (unable.size > 0) {
          const able = definitions.filter((_, index) => !unable.has(index))
          counters.fill(null)
          const measured = able.length > 0 ? await measureInterleaved(context, able) : []
          outcomes = definitions.map((definition, index) => unable.get(index) ?? measured[able.indexOf(definition)]!)
        }
      }
      for (const outcome of outcomes) recordOutcome(context, outcome)
      const rows = builds.flatMap((remoteNix, r) => {
        const range = [r * builds.length, (r + 1) * builds.length] as const
        const sides = counters.slice(...range).map((last) => ({ counters: () => last }))
        // Each row: the run's first Nix as the client against each other client, both copying to this remote Nix.
        return rowsAgainstFirst(`${copyName} to a ${remoteNix.label} host`, builds, outcomes.slice(...range), sides).map((row) => ({ ...row, remoteNix: remoteNix.label, client: clientName }))
      })
      await recordRows(context, rows)
      for (const outcome of outcomes) expect.soft(outcome).toMeetThreshold()
    })
  }
})
