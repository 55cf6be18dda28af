import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { removeTree } from '../../helpers/builds/build-workspace.ts'
import { crossVersionCopyCommand, freshCopyCounters, probeCrossVersionCopy } from '../../helpers/hosts/cross-version-copy.ts'
import { buildModelClosure, type ModelClosure } from '../../helpers/hosts/model-closures.ts'
import { NETWORK_PROFILES, throughProfile, type ProfiledHost } from '../../helpers/hosts/network-profile.ts'
import { TestHosts } from '../../helpers/hosts/test-hosts.ts'
import { detectNixBuilds, selectNixBuilds, type DetectedNixBuild } from '../../helpers/process/nix-builds.ts'
import { nixEnvironment } from '../../helpers/process/nix.ts'
import { runCommand } from '../../helpers/process/run-command.ts'

const available = await detectNixBuilds(selectNixBuilds(undefined))
const [older, newer] = available.builds
const call = { env: nixEnvironment({ offline: true }), timeoutMs: 60_000 }

const remotes: Array<{ build: DetectedNixBuild; hosts: TestHosts; route: ProfiledHost }> = []
let sourceStore = ''
let closure: ModelClosure

// Needs the second Nix (scripts/install-second-nix.sh, run by `npm test`'s setup as root).
describe.skipIf(available.builds.length < 2)('nix-copy-closure and nix copy ssh:// across Nix versions (real sshd hosts, real nix)', { timeout: 180_000 }, () => {
  beforeAll(async () => {
    sourceStore = join(await mkdtemp(join(tmpdir(), 'flakebench-xclients-')), 'store')
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

  for (const clientKey of ['nix-copy-closure', 'nix-copy-ssh'] as const) {
    test(`${clientKey}: new client to an old host and old client to a new host each send the whole closure`, async () => {
      for (const [client, remoteBuild] of [[newer!, older!], [older!, newer!]] as const) {
        const { route } = remotes.find((remote) => remote.build === remoteBuild)!
        await removeTree(route.host.storeRoot)
        await route.takeLinkBytes()
        const spec = crossVersionCopyCommand(clientKey, client, route, { sourceStoreRoot: sourceStore, root: closure.root, offline: true }, call)
        // The client's own build runs it, and the host's side is the other build (checked in cross-version-copy.test.ts).
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
