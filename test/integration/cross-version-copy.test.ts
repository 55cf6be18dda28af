import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { removeTree } from '../../helpers/builds/build-workspace.ts'
import { checkRemoteNix, crossVersionCopyCommand, freshCopyCounters, remoteNixVersion } from '../../helpers/hosts/cross-version-copy.ts'
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
describe.skipIf(available.builds.length < 2)('closure copies across Nix versions (real sshd hosts, real nix)', { timeout: 180_000 }, () => {
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
})
