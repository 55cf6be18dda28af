import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { removeTree } from '../../helpers/builds/build-workspace.ts'
import { checkRemoteNix, crossVersionCopyCommand, freshCopyCounters, probeCrossVersionCopy, remoteNixVersion } from '../../helpers/hosts/cross-version-copy.ts'
import { buildModelClosure, type ModelClosure } from '../../helpers/hosts/model-closures.ts'
import { NETWORK_PROFILES, throughProfile, type ProfiledHost } from '../../helpers/hosts/network-profile.ts'
import { sshArgs, TestHosts } from '../../helpers/hosts/test-hosts.ts'
import { detectNixBuilds, selectNixBuilds, type DetectedNixBuild } from '../../helpers/process/nix-builds.ts'
import { nixEnvironment } from '../../helpers/process/nix.ts'
import { runChecked, runCommand } from '../../helpers/process/run-command.ts'

const available = await detectNixBuilds(selectNixBuilds(undefined))
const [older, newer] = available.builds
const call = { env: nixEnvironment({ offline: true }), timeoutMs: 60_000 }

/** One host per Nix build, each running that Nix on its side, reached through a byte-counting relay. */
const remotes: Array<{ build: DetectedNixBuild; hosts: TestHosts; route: ProfiledHost }> = []
let sourceStore = ''
let closure: ModelClosure

// Needs the second Nix (scripts/install-second-nix.sh, run by `npm test`'s setup as root).
describe.skipIf(available.builds.length < 2)('closure copies by every client across Nix versions (real sshd hosts, real nix)', { timeout: 180_000 }, () => {
  beforeAll(async () => {
    sourceStore = join(await mkdtemp(join(tmpdir(), 'flakebench-xcopy-')), 'store')
    closure = await buildModelClosure(sourceStore, { paths: 3, bytesPerPath: 64 * 1024 }, call)
    for (const build of [older!, newer!]) {
      const hosts = await TestHosts.start(1, { remoteNix: build })
      remotes.push({ build, hosts, route: await throughProfile(hosts.hosts[0]!, NETWORK_PROFILES[0]) })
    }
  }, 180_000)
  afterAll(async () => {
    for (const remote of remotes) {
      await remote.route.dispose()
      await remote.hosts.dispose()
    }
    if (sourceStore) await removeTree(join(sourceStore, '..'))
  })

  test('each host runs the Nix it was started with on its side, and says so', async () => {
    for (const { build, route } of remotes) {
      expect(route.host.remoteNix?.label).toBe(build.label)
      expect(await remoteNixVersion(route.host, 10_000)).toBe(build.info.version)
      // Only Nix's commands come from the chosen build: the rest of the session's tools stay the system's.
      const bash = (await runChecked({ file: 'ssh', args: sshArgs(route.host, 'command -v bash'), timeoutMs: 10_000 })).trim()
      expect(bash).toMatch(/^\/(usr\/)?bin\/bash$/)
    }
    // A claim of the wrong remote version is refused, naming both.
    const [first, second] = remotes
    await expect(checkRemoteNix(first!.route.host, second!.build.info.version, 10_000)).rejects.toThrow(`runs Nix ${first!.build.info.version} on its side, not ${second!.build.info.version}`)
  })

  const pairs = () => [[newer!, older!], [older!, newer!], [older!, older!], [newer!, newer!]] as const
  test('nix copy ssh-ng:// from each client to each remote Nix sends the whole closure (new→old, old→new, same→same)', async () => {
    for (const [client, remoteBuild] of pairs()) {
      const { route } = remotes.find((remote) => remote.build === remoteBuild)!
      await removeTree(route.host.storeRoot)
      await route.takeLinkBytes()
      const spec = crossVersionCopyCommand('nix-copy-ssh-ng', client, route, { sourceStoreRoot: sourceStore, root: closure.root, offline: true }, call)
      const run = await runCommand(spec)
      const where = `${client.label} client → ${remoteBuild.label} host`
      expect(run.sample.exitCode, `${where}: ${run.stderr}`).toBe(0)
      const counters = await freshCopyCounters({ closure: closure.states, route, stderr: run.stderr }, call)
      expect(counters, where).toMatchObject({ closurePaths: 3, pathsTransferred: 3, pathsSubstituted: 0 })
      expect(counters.narBytesTransferred, where).toBeGreaterThan(3 * 64 * 1024)
      expect(counters.bytesTransferred, `${where}: the link carried the NARs`).toBeGreaterThanOrEqual(counters.narBytesTransferred!)
    }
  })

  test('a copy that left the host store without the closure is refused, not counted', async () => {
    const { route } = remotes[0]!
    await removeTree(route.host.storeRoot)
    await route.takeLinkBytes()
    await expect(freshCopyCounters({ closure: closure.states, route, stderr: '' }, call)).rejects.toThrow('3 of 3 closure paths are not valid on the target')
  })

  for (const clientKey of ['nix-copy-closure', 'nix-copy-ssh'] as const) {
    test(`${clientKey}: new client to an old host and old client to a new host each send the whole closure`, async () => {
      for (const [client, remoteBuild] of [[newer!, older!], [older!, newer!]] as const) {
        const { route } = remotes.find((remote) => remote.build === remoteBuild)!
        await removeTree(route.host.storeRoot)
        await route.takeLinkBytes()
        const spec = crossVersionCopyCommand(clientKey, client, route, { sourceStoreRoot: sourceStore, root: closure.root, offline: true }, call)
        // The client's own build runs it, and the host's side is the other build (checked above).
        expect(spec.file).toBe(clientKey === 'nix-copy-closure' ? join(dirname(client.path), 'nix-copy-closure') : client.path)
        expect(spec.args, 'the legacy serve protocol').toContain(clientKey === 'nix-copy-closure' ? route.destination : `ssh://${route.destination}`)
        const run = await runCommand(spec)
        const where = `${clientKey}: ${client.label} client → ${remoteBuild.label} host`
        expect(run.sample.exitCode, `${where}: ${run.stderr}`).toBe(0)
        const counters = await freshCopyCounters({ closure: closure.states, route, stderr: run.stderr }, call)
        expect(counters, where).toMatchObject({ closurePaths: 3, pathsTransferred: 3, pathsSubstituted: 0 })
        expect(counters.bytesTransferred, `${where}: the link carried the NARs`).toBeGreaterThanOrEqual(counters.narBytesTransferred!)
      }
    })
  }

  test('a pair that cannot copy is refused by the probe with Nix\'s own error and a hint', async () => {
    const { route } = remotes[0]!
    // A path the source store does not hold: Nix itself refuses, as it would a protocol it cannot speak.
    const missing = closure.root.replace(/\/[a-z0-9]{32}-/, '/00000000000000000000000000000000-')
    const spec = crossVersionCopyCommand('nix-copy-ssh', newer!, route, { sourceStoreRoot: sourceStore, root: missing, offline: true }, call)
    const probe = probeCrossVersionCopy(spec, { closure: closure.states, route, pair: `nix copy ssh:// of ${newer!.label} to a host running ${older!.label}` }, call)
    await expect(probe).rejects.toThrow(/failed with exit code 1:\n[\s\S]*error: .*00000000000000000000000000000000/)
    await expect(probe).rejects.toMatchObject({ hint: expect.stringContaining(`nix copy ssh:// of ${newer!.label} to a host running ${older!.label} could not copy in an untimed copy of its own; the error above is Nix's own`) })
  })
})
