import { readdir, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, describe, expect, test, type TestContext } from 'vitest'
import { useBuildState, type BaseGeneration } from '../helpers/builds/build-state.ts'
import { removeTree, storeUri } from '../helpers/builds/build-workspace.ts'
import { parseBuildLog } from '../helpers/builds/build-log.ts'
import { cacheKeyName } from '../helpers/builds/binary-cache.ts'
import { buildFailureText, nixBuild } from '../helpers/builds/host-build.ts'
import { benchSettings, loadConfig, type BenchSettings } from '../helpers/config/load.ts'
import { COPY_MODEL_DEFAULTS } from '../helpers/config/defaults.ts'
import { CacheStateError, describeError } from '../helpers/errors.ts'
import { fixtureHosts } from '../helpers/generate/fixture-flake.ts'
import { COPY_CLIENT_NAMES, substituteOnDestinationGap } from '../helpers/hosts/copy-capabilities.ts'
import { claimViolation, clientCopiedPaths, copyCounters, CopyClaimError, type CopyClaim } from '../helpers/hosts/copy-verification.ts'
import { NETWORK_PROFILES, throughProfile, type NetworkProfile, type ProfiledHost } from '../helpers/hosts/network-profile.ts'
import { buildModelClosure, closureBytes, type ModelClosure } from '../helpers/hosts/model-closures.ts'
import { bytesPerMs, copyLaw, whatIf } from '../helpers/judgements/copy-model.ts'
import { fitCopyModel, type CopyTiming } from '../helpers/statistics/copy-model.ts'
import { remoteCommand } from '../helpers/hosts/remote-command.ts'
import { storePathStates, type StorePathState } from '../helpers/hosts/store-paths.ts'
import { setHostSubstituter, sshArgs, TestHosts, type TestHost } from '../helpers/hosts/test-hosts.ts'
import { recordBench, recordInterleaved, recordOutcome, type BenchDefinition } from '../helpers/measure/record-bench.ts'
import { testTimeoutMs } from '../helpers/measure/test-timeout.ts'
import type { CountersOf } from '../helpers/model/concerns.ts'
import { detectNix, nixConfigText, nixEnvironment } from '../helpers/process/nix.ts'
import { assertSucceeded, runCommand, type CommandSpec } from '../helpers/process/run-command.ts'
import type { BenchOutcome, CacheState } from '../helpers/model/results-schema.ts'
import { scalingSeries } from '../helpers/judgements/scaling-gate.ts'

const { config } = loadConfig()
const concern = 'deployment'
const buildState = useBuildState(config)
const copySettings = benchSettings(config, 'closure-copy')
const noopSettings = benchSettings(config, 'closure-copy-noop')

/** The three ways to send a closure over SSH; all read the payload from the chroot store it was built in. */
const ALL_CLIENTS = (['nix-copy-closure', 'nix-copy-ssh', 'nix-copy-ssh-ng'] as const).map((key) => ({ key, name: COPY_CLIENT_NAMES[key] }))
type Client = (typeof ALL_CLIENTS)[number]
const CLIENTS = ALL_CLIENTS.filter((client) => config.closureCopies.clients.includes(client.key))

/** What a copy sends: a root in a chroot store, and the signed cache it came from if any (a copy-model closure has none). */
type CopySource = Pick<BaseGeneration, 'storeRoot' | 'outPath'> & { cache: BaseGeneration['cache'] | null }

function copyCommand(client: Client, route: ProfiledHost, payload: CopySource, useSubstitutes: boolean, signal: AbortSignal): CommandSpec {
  const env = { NIX_SSHOPTS: route.sshOptions.join(' '), NIX_CONFIG: nixConfigText(config.offline) }
  const base = { env, timeoutMs: config.timeoutMs, signal }
  if (client.key === 'nix-copy-closure') {
    // nix-copy-closure has no --from: its local side is whatever store NIX_REMOTE names.
    return { ...base, file: 'nix-copy-closure', args: ['--to', route.destination, ...(useSubstitutes ? ['--use-substitutes'] : []), payload.outPath], env: { ...env, NIX_REMOTE: storeUri(payload.storeRoot) } }
  }
  const scheme = client.key === 'nix-copy-ssh' ? 'ssh' : 'ssh-ng'
  return {
    ...base,
    file: 'nix',
    args: ['copy', '--from', storeUri(payload.storeRoot), '--to', `${scheme}://${route.destination}`, '--no-check-sigs', ...(useSubstitutes ? ['--substitute-on-destination'] : []), payload.outPath],
  }
}

let hostsStarted: Promise<TestHosts> | undefined
afterAll(async () => (await hostsStarted?.catch(() => undefined))?.dispose())
const testHosts = () => (hostsStarted ??= TestHosts.start(1))

const CLAIM_STATES: Record<CopyClaim, CacheState> = {
  'fresh store': { intended: 'cold', verifiedBy: 'the target store is emptied before each sample; after it every closure path is valid there without the cache\'s signature (pathsTransferred = closure, pathsSubstituted = 0), the client\'s "copying N paths" agrees, and the relay carried at least the NAR bytes' },
  'with substitutes': { intended: 'cold', verifiedBy: 'the target store is emptied before each sample; after it every closure path carries the binary cache\'s signature (pathsSubstituted = closure, pathsTransferred = 0), checked first by one untimed copy' },
  'no-op': { intended: 'warm', verifiedBy: 'the target holds the closure before each sample; after it nothing is new there (pathsTransferred = pathsSubstituted = 0)' },
}

/**
 * One copy variant: the payload sent to the target through `route`, every sample checked against its claim. A
 * copy-model point names its own id and settings (`series`).
 */
function copyBench(context: TestContext, client: Client, route: ProfiledHost, payload: CopySource, closure: readonly StorePathState[], claim: CopyClaim, series?: { id: string; label: string; settings: BenchSettings }): BenchDefinition {
  const host = route.host
  const call = { env: nixEnvironment({ offline: config.offline }), timeoutMs: config.timeoutMs, signal: context.signal }
  const paths = closure.map((state) => state.path)
  let validBefore = new Set<string>()
  return {
    id: series ? `${series.id}/${client.key}` : copyId(route, client, claim),
    concern,
    name: series
      ? `copy model: ${client.name}, ${series.label}, ${route.profile.name} (RTT ${route.achievedRttMs.toFixed(1)} ms, ${route.achievedMbitPerS?.toFixed(1) ?? 'unpaced'} Mbit/s)`
      : `copy closure: ${client.name}, ${claim}, ${route.profile.name} (RTT ${route.achievedRttMs.toFixed(1)} ms)`,
    host: host.name,
    pairKey: null,
    settings: series?.settings ?? (claim === 'no-op' ? noopSettings : copySettings),
    cacheState: CLAIM_STATES[claim],
    scenario: {
      prepare: async () => {
        if (claim === 'no-op') {
          validBefore = new Set((await storePathStates(host.storeRoot, paths, call)).filter((state) => state.valid).map((state) => state.path))
          if (validBefore.size !== paths.length) throw new CacheStateError(`a no-op copy needs the closure on ${host.name} already; ${paths.length - validBefore.size} of ${paths.length} paths are not there`)
        } else {
          await removeTree(host.storeRoot)
          validBefore = new Set()
        }
        // Whatever crossed the link before the sample is not the sample's.
        await route.takeLinkBytes()
      },
      command: () => copyCommand(client, route, payload, claim === 'with substitutes', context.signal),
      inspect: async (run) => {
        const observation = {
          closure,
          validBefore,
          after: await storePathStates(host.storeRoot, paths, call),
          cacheKeyName: payload.cache ? cacheKeyName(payload.cache) : null,
          link: await route.takeLinkBytes(),
          clientCopiedPaths: clientCopiedPaths(run.stderr),
        }
        const counters = {
          ...copyCounters(observation),
          achievedRttMs: route.achievedRttMs,
          ...(route.achievedMbitPerS === null ? {} : { achievedMbitPerS: route.achievedMbitPerS }),
          msPerPath: run.sample.wallMs / closure.length,
        } satisfies CountersOf<'deployment'>
        const violation = claimViolation(claim, observation, counters)
        if (violation) throw new CopyClaimError(`${client.name}, ${claim}, ${route.profile.name}: ${violation}`, counters)
        // Throughput only where the NARs cross the link.
        return claim === 'fresh store' ? { ...counters, megabytesPerSecond: counters.narBytesTransferred / 1e6 / (run.sample.wallMs / 1000) } : counters
      },
    },
  }
}

function copyId(route: ProfiledHost, client: Client, claim: CopyClaim): string {
  return `deployment/copy/${route.profile.name}/${client.key}/${claim.replace(/ /g, '-')}`
}

/**
 * The variants that may claim "with substitutes": skipped up front where this Nix cannot make the target
 * substitute, and each checked by one untimed copy, so that a variant whose target did not substitute is
 * reported as failed with what happened instead of being measured (interleaved variants stop together).
 */
async function substitutingVariants(route: ProfiledHost, candidates: ReadonlyArray<{ client: Client; definition: BenchDefinition }>): Promise<{ runnable: BenchDefinition[]; notMeasured: BenchOutcome[] }> {
  const nix = await detectNix()
  const runnable: BenchDefinition[] = []
  const notMeasured: BenchOutcome[] = []
  for (const { client, definition } of candidates) {
    const { settings, cacheState: _cacheState, scenario, ...identity } = definition
    const gap = substituteOnDestinationGap(client.key, nix)
    if (gap) {
      notMeasured.push({ ...identity, command: null, status: 'skipped', reason: gap })
      continue
    }
    await scenario.prepare?.()
    const spec = scenario.command() as CommandSpec
    const run = await runCommand(spec)
    try {
      assertSucceeded(spec, run)
      await scenario.inspect?.(run)
      runnable.push(definition)
    } catch (error) {
      notMeasured.push({
        ...identity,
        command: [spec.file, ...spec.args],
        status: 'failed',
        error: describeError(error),
        samples: [{ ...run.sample, counters: error instanceof CopyClaimError ? error.counters : null }],
        statistics: null,
        threshold: settings.threshold,
        verdict: { status: 'none' },
      })
    }
  }
  await route.takeLinkBytes()
  return { runnable, notMeasured }
}

const copyProfiles = NETWORK_PROFILES.filter((candidate) => config.closureCopies.networkProfiles.includes(candidate.name))
// Without a network profile (the quick profile), only the deploy phases copy.
if (copyProfiles.length > 0) describe(concern, () => {
  // The payload: the first fixture host's closure (the VPS-like NixOS host by default).
  const payloadHost = fixtureHosts(config.fixture)[0]!

  for (const profile of copyProfiles) {
    test(`copy a host closure to a fresh store over ssh (${profile.name}, +${profile.rttMs} ms RTT)`, { timeout: testTimeoutMs(copySettings, { commandsPerIteration: CLIENTS.length * 2, setupCommands: 4 + CLIENTS.length }) }, async (context) => {
      if (config.flake) return skipUserFlake(context, `deployment/copy/${profile.name}`)
      const build = await buildState()
      context.task.meta.flakebenchTarget = build.flake.description
      const payload = await build.baseGeneration(payloadHost)
      const closure = await storePathStates(payload.storeRoot, [payload.outPath], build.call(context.signal), { recursive: true })
      const hosts = await testHosts()
      const route = await throughProfile(hosts.hosts[0]!, profile)
      const variants = (claim: CopyClaim) => CLIENTS.map((client) => ({ client, definition: copyBench(context, client, route, payload, closure, claim) }))
      try {
        const fresh = await recordInterleaved(context, variants('fresh store').map((variant) => variant.definition))
        const substituted: BenchOutcome[] = []
        if (profile.rttMs > 0) {
          // With a substituter the target fetches from the cache itself, so the link carries only the path list.
          await setHostSubstituter(hosts, route.host, payload.cache)
          try {
            const { runnable, notMeasured } = await substitutingVariants(route, variants('with substitutes'))
            substituted.push(...(runnable.length > 0 ? await recordInterleaved(context, runnable) : []), ...notMeasured)
            for (const outcome of notMeasured) recordOutcome(context, outcome)
          } finally {
            // The host is shared with the deploy phases, whose copy must send every path.
            await setHostSubstituter(hosts, route.host, null)
          }
        }
        const noop = profile.rttMs === 0 ? await recordInterleaved(context, variants('no-op').map((variant) => variant.definition)) : []
        for (const outcome of [...fresh, ...substituted, ...noop]) expect.soft(outcome).toMeetThreshold()
      } finally {
        await route.dispose()
      }
    })
  }
})

/**
 * Issue 17: each client's copy law, fitted on a grid of paced links (RTT × bandwidth × two closures), checked on a
 * link left out of the fit, and applied to the seed's links for the payload's whole closure (the what-if table).
 */
describe(`${concern}: copy model`, () => {
  const { gridRttsMs, gridBandwidthsMbitPerS, heldOut, closures: closureShapes, whatIfLinks } = COPY_MODEL_DEFAULTS
  const gridProfiles: NetworkProfile[] = gridRttsMs.flatMap((rttMs) => gridBandwidthsMbitPerS.map((bandwidthMbitPerS) => ({ name: `${rttMs}ms-${bandwidthMbitPerS}mbit`, rttMs, bandwidthMbitPerS })))
  const heldOutProfile: NetworkProfile = { name: `held-out-${heldOut.rttMs}ms-${heldOut.bandwidthMbitPerS}mbit`, ...heldOut }
  const gridSettings = benchSettings(config, 'copy-model-grid')
  const checkSettings = benchSettings(config, 'copy-model-check')
  const payloadHost = fixtureHosts(config.fixture)[0]!
  const copies = gridProfiles.length * CLIENTS.length * 2
  test('fit each client\'s copy law on a grid of links and check it on a link left out of the fit', { timeout: testTimeoutMs(gridSettings, { commandsPerIteration: copies + CLIENTS.length * checkSettings.iterations, setupCommands: 40 }) }, async (context) => {
    if (!config.closureCopies.model) {
      const reason = `the copy model's grid (${gridProfiles.length} links × ${CLIENTS.length} clients × ${closureShapes.length} closures, ${gridSettings.iterations} samples each) and its held-out check run in the full profile only (closureCopies.model is off)`
      recordOutcome(context, { id: 'deployment/copy-model', concern, name: 'copy model: fit and held-out check', host: null, command: null, pairKey: null, status: 'skipped', reason })
      return context.skip(reason)
    }
    if (config.flake && config.deploy.targets.length === 0) {
      const reason = 'your flake has no deploy.targets: the copy laws predict the deploys to your machines, and there are none'
      recordOutcome(context, { id: 'deployment/copy-model', concern, name: 'copy model: fit and held-out check', host: null, command: null, pairKey: null, status: 'skipped', reason })
      return context.skip(reason)
    }
    const build = await buildState()
    const call = build.call(context.signal)
    // The what-if table's closure is the fixture payload's; your flake's deploys are predicted per target instead.
    const payload = config.flake ? null : await build.baseGeneration(payloadHost)
    const modelStore = build.workspace.newPath('store')
    const closures: ModelClosure[] = []
    for (const shape of closureShapes) closures.push(await buildModelClosure(modelStore, shape, call))
    const closureLabel = (sub: ModelClosure) => `${sub.states.length} paths`
    const hosts = await testHosts()
    const timings = new Map<string, CopyTiming[]>(CLIENTS.map((client) => [client.key, []]))
    const measureAt = async (profile: NetworkProfile, points: readonly ModelClosure[], settings: BenchSettings) => {
      const route = await throughProfile(hosts.hosts[0]!, profile)
      try {
        const variants = CLIENTS.flatMap((client) => points.map((sub) => ({ client, sub, definition: copyBench(context, client, route, { cache: null, storeRoot: modelStore, outPath: sub.root }, sub.states, 'fresh store', { id: `deployment/copy-model/${profile.name}/${sub.states.length}-paths`, label: closureLabel(sub), settings }) })))
        const outcomes = await recordInterleaved(context, variants.map((variant) => variant.definition))
        return { route, measured: variants.map((variant, index) => ({ ...variant, outcome: outcomes[index]! })) }
      } finally {
        await route.dispose()
      }
    }
    const linkOf = (route: { achievedRttMs: number; achievedMbitPerS: number | null }, sub: ModelClosure) => ({ rttMs: route.achievedRttMs, bandwidthMbitPerS: route.achievedMbitPerS!, paths: sub.states.length, narBytes: closureBytes(sub) })
    const grid = { links: [] as Array<{ rttMs: number; bandwidthMbitPerS: number }>, closures: closures.map((sub) => ({ paths: sub.states.length, narBytes: closureBytes(sub) })) }
    for (const profile of gridProfiles) {
      const { route, measured } = await measureAt(profile, closures, gridSettings)
      grid.links.push({ rttMs: route.achievedRttMs, bandwidthMbitPerS: route.achievedMbitPerS! })
      for (const { client, sub, outcome } of measured) {
        expect.soft(outcome).toMeetThreshold()
        if (outcome.status !== 'measured') continue
        const link = linkOf(route, sub)
        for (const sample of outcome.samples) timings.get(client.key)!.push({ ...link, bandwidthBytesPerMs: bytesPerMs(link.bandwidthMbitPerS), wallMs: sample.wallMs })
      }
    }
    const check = await measureAt(heldOutProfile, [closures[0]!], checkSettings)
    const fits = CLIENTS.map((client) => ({ client: client.name, fit: fitCopyModel(timings.get(client.key)!) }))
    const laws = fits.map(({ client, fit }, index) => {
      const { outcome, sub } = check.measured[index]!
      expect.soft(outcome).toMeetThreshold()
      return copyLaw(client, fit, outcome.status === 'measured' ? { link: linkOf(check.route, sub), benchId: outcome.id, measuredMedianMs: outcome.statistics.medianMs } : null)
    })
    const closure = payload ? await storePathStates(payload.storeRoot, [payload.outPath], call, { recursive: true }) : null
    const whole = closure ? { paths: closure.length, narBytes: closure.reduce((sum, state) => sum + state.narSize, 0) } : null
    context.task.meta.flakebenchCopyModel = { grid, laws, whatIf: whole ? whatIf(fits, whatIfLinks, whole, grid) : [] }
    for (const law of laws) expect.soft(law.heldOut?.status, law.heldOut?.sentence ?? `${law.client}: the held-out copy was not measured`).toBe('pass')
  })
})

/** The phases of a remote deployment, each measured on its own from the state the previous one leaves. */
describe(`${concern}: remote deploy end to end`, () => {
  const host = fixtureHosts(config.fixture)[0]!
  const phaseSettings = benchSettings(config, 'deploy-phase')
  test(`deploy ${host.name} to a test host, phase by phase`, { timeout: testTimeoutMs(phaseSettings, { commandsPerIteration: 10, setupCommands: 10 }) }, async (context) => {
    if (config.flake) return skipUserFlake(context, 'deployment/deploy-phases')
    const build = await buildState()
    const call = build.call(context.signal)
    const base = await build.baseGeneration(host)
    const remote = (await testHosts()).hosts[0]!
    const installable = `${build.flake.flakeRef}#${host.activationAttr}`
    const sshOptions = { NIX_SSHOPTS: remote.sshOptions.join(' '), NIX_CONFIG: nixConfigText(config.offline) }
    // The client's store after phase 2, kept for the copy phase; the script's path, for activation.
    const { storeRoot: clientStore, script } = await build.activationPackage(host, context.signal)
    const root = join(build.workspace.newPath('store'), 'activation-root')
    let phaseStore = ''
    const phase = (key: string, name: string, scenario: BenchDefinition['scenario'], settings = phaseSettings): BenchDefinition => ({
      id: `deployment/deploy/${key}`, concern, name: `deploy phase: ${name}`, host: remote.name, pairKey: null, settings,
      cacheState: { intended: 'not-applicable', verifiedBy: null }, scenario,
    })
    const phases: BenchDefinition[] = [
      phase('1-eval', 'evaluate the activation package', { command: () => ({ file: 'nix', args: ['eval', '--raw', `${installable}.drvPath`], env: { NIX_CONFIG: nixConfigText(config.offline) }, timeoutMs: config.timeoutMs, signal: context.signal }) }),
      phase('2-build', 'build it, substituting the system from the binary cache', {
        prepare: async () => {
          if (phaseStore) await removeTree(phaseStore)
          phaseStore = build.workspace.newPath('store')
        },
        command: () => nixBuild({ storeRoot: phaseStore, installables: [installable], caches: [base.cache], call }),
        inspect: async (run) => {
          const log = parseBuildLog(run.stderrLines)
          return { derivationsBuilt: log.derivationsBuilt, pathsSubstituted: log.pathsSubstituted, buildingMs: log.buildingMs, substitutingMs: log.substitutingMs } satisfies CountersOf<'deployment'>
        },
        failureText: buildFailureText,
      }),
      phase('3-copy', 'copy the closure (nix copy ssh-ng://)', {
        prepare: () => removeTree(remote.storeRoot),
        command: () => ({ file: 'nix', args: ['copy', '--from', storeUri(clientStore), '--to', `ssh-ng://${remote.user}@${remote.address}`, '--no-check-sigs', script], env: sshOptions, timeoutMs: config.timeoutMs, signal: context.signal }),
        // The host has no substituter and an emptied store: the client must send every path (its own count).
        inspect: async (run) => {
          const closure = await storePathStates(clientStore, [script], call, { recursive: true })
          const after = await storePathStates(remote.storeRoot, closure.map((state) => state.path), call)
          const sent = clientCopiedPaths(run.stderr)
          if (sent !== closure.length || after.some((state) => !state.valid)) throw new CacheStateError(`the copy to an emptied store sent ${sent ?? 'an unreported number of'} of ${closure.length} paths and left ${after.filter((state) => !state.valid).length} missing`)
          return { closurePaths: closure.length, pathsTransferred: sent, pathsSubstituted: 0 } satisfies CountersOf<'deployment'>
        },
      }, copySettings),
      phase('4-activate', 'activate over ssh', {
        prepare: () => rm(root, { recursive: true, force: true }),
        // The script sits in the host's own store; its links name /nix/store paths, as on a real machine.
        command: () => ({ file: 'ssh', args: sshArgs(remote, remoteCommand([['sh', `${remote.storeRoot}${script}`, root]])), timeoutMs: config.timeoutMs, signal: context.signal }),
      }, benchSettings(config, 'first-activation', host)),
      phase('5-ssh', 'ssh round trip alone (`ssh host true`)', { command: () => ({ file: 'ssh', args: sshArgs(remote, 'true'), timeoutMs: config.timeoutMs, signal: context.signal }) }),
    ]
    for (const definition of phases) expect.soft(await recordBench(context, definition)).toMeetThreshold()
  })
})

/** Deploying to more hosts at once: the closure copied to k hosts in parallel, k from scaling.machineSizes. */
describe(`${concern}: fleet`, () => {
  const { machineSizes, machineTargets, growthLimitAt4x } = config.scaling
  const fleetSettings = benchSettings(config, 'fleet-deploy')
  const host = fixtureHosts(config.fixture)[0]!
  test(`deploy ${host.name} (copy, then activate) to 1…${Math.max(...machineSizes)} hosts in parallel`, { timeout: testTimeoutMs(fleetSettings, { commandsPerIteration: machineSizes.length * 2, setupCommands: 4 }) }, async (context) => {
    if (config.flake) return skipUserFlake(context, 'deployment/fleet')
    const build = await buildState()
    const { storeRoot, script } = await build.activationPackage(host, context.signal)
    const fleet = await TestHosts.start(Math.max(...machineSizes))
    const activationRoot = (target: TestHost) => join(target.storeRoot, '..', 'activation-root')
    try {
      const outcomes = await recordInterleaved(context, machineSizes.map((k) => ({
        id: `deployment/fleet/${k}`, concern, name: `deploy to ${k} hosts in parallel (nix copy ssh-ng://, then activate over ssh)`, host: null, pairKey: null,
        settings: fleetSettings,
        cacheState: { intended: 'cold', verifiedBy: 'every target store and activation root emptied before each sample' },
        scenario: {
          prepare: async () => {
            await Promise.all(fleet.hosts.slice(0, k).flatMap((target) => [removeTree(target.storeRoot), rm(activationRoot(target), { recursive: true, force: true })]))
          },
          // One lane per host: its copy, then its activation; the lanes run at the same time.
          command: () => fleet.hosts.slice(0, k).map((target) => [
            {
              file: 'nix',
              args: ['copy', '--from', storeUri(storeRoot), '--to', `ssh-ng://${target.user}@${target.address}`, '--no-check-sigs', script],
              env: { NIX_SSHOPTS: target.sshOptions.join(' '), NIX_CONFIG: nixConfigText(config.offline) },
              timeoutMs: config.timeoutMs,
              signal: context.signal,
              label: `copy to ${target.name}`,
            },
            { file: 'ssh', args: sshArgs(target, remoteCommand([['sh', `${target.storeRoot}${script}`, activationRoot(target)]])), timeoutMs: config.timeoutMs, signal: context.signal, label: `activate ${target.name}` },
          ]),
          inspect: async () => {
            const activated = await Promise.all(fleet.hosts.slice(0, k).map((target) => readdir(join(activationRoot(target), 'generations')).then((entries) => entries.length, () => 0)))
            if (activated.some((generations) => generations !== 1)) throw new CacheStateError(`after the deploy, ${activated.filter((generations) => generations !== 1).length} of ${k} hosts are not activated`)
            return { hosts: k } satisfies CountersOf<'deployment'>
          },
        },
      })))
      for (const outcome of outcomes) expect.soft(outcome).toMeetThreshold()
      const series = scalingSeries({
        id: 'deployment/fleet', name: 'parallel deployment time against host count', unit: 'host', sizes: machineSizes, outcomes, counters: [], growthLimitAt4x, targets: machineTargets,
        // Perfect parallelism keeps the time of one host; efficiency is how close k hosts come to it.
        notes: (points) => points.slice(1).map((point) =>
          `Parallel efficiency at ${point.n} hosts: ${((points[0]!.medianMs / point.medianMs) * 100).toFixed(0)} % (time for 1 host / time for ${point.n}); ×${((point.n * points[0]!.medianMs) / point.medianMs).toFixed(2)} faster than one host after another.`),
      })
      if (!series) return
      context.task.meta.flakebenchScaling = [series]
      expect(series.gate.status, series.gate.sentence).not.toBe('fail')
    } finally {
      await fleet.dispose()
    }
  })
})

function skipUserFlake(context: TestContext, id: string): void {
  const reason = 'these deployment benches use the embedded fixture, flakebench\'s own sshd test hosts and network profiles; your machines are measured by bench/deployment-targets.bench.ts (deploy.targets)'
  recordOutcome(context, { id, concern, name: 'copy a host closure', host: null, command: null, pairKey: null, status: 'skipped', reason })
  context.skip(reason)
}
