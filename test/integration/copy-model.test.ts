import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, test } from 'vitest'
import { removeTree, storeUri } from '../../helpers/builds/build-workspace.ts'
import { clientCopiedPaths } from '../../helpers/hosts/copy-verification.ts'
import { buildModelClosure } from '../../helpers/hosts/model-closures.ts'
import { throughProfile } from '../../helpers/hosts/network-profile.ts'
import { storePathStates } from '../../helpers/hosts/store-paths.ts'
import { TestHosts } from '../../helpers/hosts/test-hosts.ts'
import { nixConfigText, nixEnvironment } from '../../helpers/process/nix.ts'
import { runCommand } from '../../helpers/process/run-command.ts'
import { median } from '../../helpers/statistics/median.ts'

const PATHS = 20
/** Far apart, so that the round trips' share (paths × RTT) dwarfs what load adds to a copy of 20 small paths. */
const RTTS_MS = [0, 60] as const
/** Each hop of the relay may fire up to 1 ms early (test/helpers/hosts/network-profile.test.ts). */
const TIMER_SLACK_MS = 2

test('a real copy over two RTTs: the client with more round trips per path (nix-copy-closure) gains at least one RTT per path, and more than ssh-ng', { timeout: 240_000 }, async () => {
  const dir = await mkdtemp(join(tmpdir(), 'flakebench-copy-model-'))
  const call = { env: nixEnvironment({ offline: true }), timeoutMs: 60_000 }
  const hosts = await TestHosts.start(1)
  try {
    const source = join(dir, 'source')
    const closure = await buildModelClosure(source, { paths: PATHS, bytesPerPath: 4096 }, call)
    expect(closure.states).toHaveLength(PATHS)
    const clients = {
      'nix-copy-closure': (destination: string) => ({ file: 'nix-copy-closure', args: ['--to', destination, closure.root], env: { NIX_REMOTE: storeUri(source) } }),
      'ssh-ng': (destination: string) => ({ file: 'nix', args: ['copy', '--from', storeUri(source), '--to', `ssh-ng://${destination}`, '--no-check-sigs', closure.root], env: {} }),
    }
    const medians: Record<string, Record<number, number>> = { 'nix-copy-closure': {}, 'ssh-ng': {} }
    for (const rttMs of RTTS_MS) {
      const route = await throughProfile(hosts.hosts[0]!, { name: `rtt-${rttMs}`, rttMs, bandwidthMbitPerS: null })
      try {
        if (rttMs > 0) expect(route.achievedRttMs).toBeGreaterThanOrEqual(rttMs - TIMER_SLACK_MS)
        const samples: Record<string, number[]> = { 'nix-copy-closure': [], 'ssh-ng': [] }
        // Interleaved, two samples each, every one into an emptied store and checked to have sent every path.
        for (let sample = 0; sample < 2; sample++) {
          for (const [client, command] of Object.entries(clients)) {
            await removeTree(route.host.storeRoot)
            const spec = command(route.destination)
            const run = await runCommand({ ...spec, env: { ...call.env, ...spec.env, NIX_SSHOPTS: route.sshOptions.join(' '), NIX_CONFIG: nixConfigText(true) }, timeoutMs: 60_000 })
            expect(run.sample.exitCode, run.stderr).toBe(0)
            expect(clientCopiedPaths(run.stderr), `${client} at ${rttMs} ms`).toBe(PATHS)
            const after = await storePathStates(route.host.storeRoot, closure.states.map((state) => state.path), call)
            expect(after.filter((state) => state.valid)).toHaveLength(PATHS)
            samples[client]!.push(run.sample.wallMs)
          }
        }
        await route.takeLinkBytes()
        for (const [client, values] of Object.entries(samples)) medians[client]![rttMs] = median(values.sort((a, b) => a - b))
      } finally {
        await route.dispose()
      }
    }
    const gainMs = (client: string) => medians[client]![60]! - medians[client]![0]!
    const atLeast = PATHS * (RTTS_MS[1] - TIMER_SLACK_MS)
    expect(gainMs('nix-copy-closure'), `nix-copy-closure: ${JSON.stringify(medians['nix-copy-closure'])}; one RTT per path is ${atLeast} ms`).toBeGreaterThan(atLeast)
    expect(gainMs('nix-copy-closure'), `gains at 60 ms: ${JSON.stringify(medians)}`).toBeGreaterThan(gainMs('ssh-ng'))
  } finally {
    await hosts.dispose()
    await removeTree(dir)
  }
})
