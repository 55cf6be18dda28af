import { afterAll, describe, expect, test, type TestContext } from 'vitest'
import { useBuildFixture, type BaseGeneration } from '../helpers/builds/build-fixture.ts'
import { removeTree, storeUri } from '../helpers/builds/build-workspace.ts'
import { closureOf } from '../helpers/builds/host-build.ts'
import { benchSettings, loadConfig } from '../helpers/config/load.ts'
import { CacheStateError } from '../helpers/errors.ts'
import { fixtureHosts } from '../helpers/fixtures/fixture-flake.ts'
import { NETWORK_PROFILES, throughProfile, type ProfiledHost } from '../helpers/hosts/network-profile.ts'
import { setHostSubstituter, sshArgs, TestHosts } from '../helpers/hosts/test-hosts.ts'
import { recordInterleaved, recordOutcome, type BenchDefinition } from '../helpers/measure/record-bench.ts'
import { testTimeoutMs } from '../helpers/measure/test-timeout.ts'
import { nixConfigText } from '../helpers/process/nix.ts'
import { runCommand, type CommandSpec } from '../helpers/process/run-command.ts'
import '../helpers/thresholds/matcher.ts'

const { config } = loadConfig()
const concern = 'deployment'
const fixture = useBuildFixture(config)
const copySettings = benchSettings(config, 'closure-copy')
const noopSettings = benchSettings(config, 'closure-copy-noop')

/** The three ways to send a closure over SSH; all read the payload from the chroot store it was built in. */
const CLIENTS = [
  { key: 'nix-copy-closure', name: 'nix-copy-closure' },
  { key: 'nix-copy-ssh', name: 'nix copy ssh://' },
  { key: 'nix-copy-ssh-ng', name: 'nix copy ssh-ng://' },
] as const
type Client = (typeof CLIENTS)[number]

function copyCommand(client: Client, route: ProfiledHost, payload: BaseGeneration, useSubstitutes: boolean, signal: AbortSignal): CommandSpec {
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

/** Copying the payload to a fresh remote store each iteration (or to a store that has it: a no-op copy). */
function copyBench(context: TestContext, client: Client, route: ProfiledHost, payload: BaseGeneration, closure: { paths: number; bytes: number }, variant: { useSubstitutes: boolean; noop: boolean }): BenchDefinition {
  const host = route.host
  const label = variant.noop ? 'no-op' : variant.useSubstitutes ? 'with substitutes' : 'fresh store'
  return {
    id: `deployment/copy/${route.profile.name}/${client.key}/${label.replace(/ /g, '-')}`,
    concern,
    name: `copy closure: ${client.name}, ${label}, ${route.profile.name} (RTT ${route.achievedRttMs.toFixed(1)} ms)`,
    host: host.name,
    pairKey: null,
    settings: variant.noop ? noopSettings : copySettings,
    cacheState: { intended: variant.noop ? 'warm' : 'cold', verifiedBy: variant.noop ? 'the remote store holds the closure before each sample' : 'the remote store is empty before each sample; the path is valid there after' },
    scenario: {
      prepare: async () => {
        if (!variant.noop) return removeTree(host.storeRoot)
        const present = await runCommand({ file: 'ssh', args: sshArgs(host, `nix-store --check-validity ${payload.outPath}`), timeoutMs: 30_000 })
        if (present.sample.exitCode !== 0) throw new CacheStateError(`a no-op copy needs the closure on ${host.name} already; it is not there`)
      },
      command: () => copyCommand(client, route, payload, variant.useSubstitutes, context.signal),
      inspect: async (run) => {
        const check = await runCommand({ file: 'ssh', args: sshArgs(host, `nix-store --check-validity ${payload.outPath}`), timeoutMs: 30_000 })
        if (check.sample.exitCode !== 0) throw new CacheStateError(`after the copy, ${payload.outPath} is not valid on ${host.name}: ${check.stderr.trim()}`)
        // Throughput only where the NARs cross the link: not for a no-op, not when the target substitutes.
        const bytesOverSsh = !variant.noop && !variant.useSubstitutes
        return {
          closurePaths: closure.paths,
          closureBytes: closure.bytes,
          achievedRttMs: route.achievedRttMs,
          msPerPath: run.sample.wallMs / closure.paths,
          ...(bytesOverSsh ? { megabytesPerSecond: closure.bytes / 1e6 / (run.sample.wallMs / 1000) } : {}),
        }
      },
    },
  }
}

describe(concern, () => {
  // The payload: the first fixture host's closure (the VPS-like NixOS host by default).
  const payloadHost = fixtureHosts(config.fixture)[0]!

  for (const profile of NETWORK_PROFILES) {
    test(`copy a host closure to a fresh store over ssh (${profile.name}, +${profile.rttMs} ms RTT)`, { timeout: testTimeoutMs(copySettings, { commandsPerIteration: CLIENTS.length * 2, setupCommands: 4 }) }, async (context) => {
      if (config.flake) return skipUserFlake(context, `deployment/copy/${profile.name}`)
      const build = await fixture()
      context.task.meta.flakebenchTarget = build.target.description
      const payload = await build.baseGeneration(payloadHost)
      const closure = await closureOf(payload.storeRoot, [payload.outPath], build.call(context.signal))
      const hosts = await testHosts()
      const route = await throughProfile(hosts.hosts[0]!, profile)
      try {
        const fresh = await recordInterleaved(context, CLIENTS.map((client) => copyBench(context, client, route, payload, closure, { useSubstitutes: false, noop: false })))
        // With a substituter the target fetches from the cache itself, so the link carries only the path list.
        await setHostSubstituter(hosts, route.host, payload.cache)
        const substituted = profile.rttMs === 0 ? [] : await recordInterleaved(context, CLIENTS.map((client) => copyBench(context, client, route, payload, closure, { useSubstitutes: true, noop: false })))
        await setHostSubstituter(hosts, route.host, null)
        const noop = profile.rttMs === 0 ? await recordInterleaved(context, CLIENTS.map((client) => copyBench(context, client, route, payload, closure, { useSubstitutes: false, noop: true }))) : []
        for (const outcome of [...fresh, ...substituted, ...noop]) expect.soft(outcome).toMeetThreshold()
      } finally {
        await route.dispose()
      }
    })
  }
})

function skipUserFlake(context: TestContext, id: string): void {
  const reason = 'deployment runs on the embedded fixture and flakebench\'s own test hosts; deploying to your machines cannot be configured yet'
  recordOutcome(context, { id, concern, name: 'copy a host closure', host: null, command: null, pairKey: null, status: 'skipped', reason })
  context.skip(reason)
}
