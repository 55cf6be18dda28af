import { describe, expect, test } from 'vitest'
import { NETWORK_PROFILES, throughProfile } from '../../../helpers/hosts/network-profile.ts'
import { sshArgs, TestHosts } from '../../../helpers/hosts/test-hosts.ts'
import { runCommand } from '../../../helpers/process/run-command.ts'

describe('network profiles through a delay proxy', () => {
  test('each profile\'s measured round trip is within 20 % of the one asked for, and ssh works through it', { timeout: 60_000 }, async () => {
    const hosts = await TestHosts.start(1)
    try {
      const host = hosts.hosts[0]!
      const sshTrueMs: Record<string, number> = {}
      for (const profile of NETWORK_PROFILES) {
        const route = await throughProfile(host, profile)
        try {
          if (profile.rttMs > 0) {
            expect(route.achievedRttMs, `${profile.name} RTT`).toBeGreaterThan(profile.rttMs * 0.8)
            expect(route.achievedRttMs, `${profile.name} RTT`).toBeLessThan(profile.rttMs * 1.2)
          }
          const run = await runCommand({ file: 'ssh', args: [...route.sshOptions, route.destination, 'true'], timeoutMs: 20_000 })
          expect(run.sample.exitCode, run.stderr).toBe(0)
          sshTrueMs[profile.name] = run.sample.wallMs
        } finally {
          await route.dispose()
        }
      }
      // An ssh login takes several round trips: 50 ms each must show.
      expect(sshTrueMs.relayed! - sshTrueMs.local!).toBeGreaterThan(100)
      expect(sshArgs(host, 'true').at(-1)).toBe('true')
    } finally {
      await hosts.dispose()
    }
  })
})
