import { execa } from 'execa'
import { describe, expect, test } from 'vitest'
import { NETWORK_PROFILES, throughProfile } from '../../../helpers/hosts/network-profile.ts'
import { sshArgs, TestHosts } from '../../../helpers/hosts/test-hosts.ts'
import { runCommand } from '../../../helpers/process/run-command.ts'

describe('network profiles through a delay proxy', () => {
  test('each profile\'s measured round trip is at least 80 % of the one asked for, and ssh works through it', { timeout: 60_000 }, async () => {
    const hosts = await TestHosts.start(1)
    try {
      const host = hosts.hosts[0]!
      const sshTrueMs: Record<string, number> = {}
      for (const profile of NETWORK_PROFILES) {
        const route = await throughProfile(host, profile)
        try {
          // Timers never fire early, so the delay is a floor; a loaded machine only adds to it.
          if (profile.rttMs > 0) {
            expect(route.achievedRttMs, `${profile.name} RTT`).toBeGreaterThan(profile.rttMs * 0.8)
            expect(route.achievedRttMs, `${profile.name} RTT`).toBeLessThan(profile.rttMs * 2 + 20)
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

  test('the relay counts the bytes each way (a 1 MB payload plus the small overhead of ssh), and each take starts from zero', { timeout: 60_000 }, async () => {
    const hosts = await TestHosts.start(1)
    try {
      const route = await throughProfile(hosts.hosts[0]!, NETWORK_PROFILES[0])
      try {
        const payloadBytes = 1_000_000
        const upload = await execa('ssh', [...route.sshOptions, route.destination, 'cat > /dev/null'], { input: Buffer.alloc(payloadBytes, 7), timeout: 20_000, reject: false })
        expect(upload.exitCode, upload.stderr).toBe(0)
        const up = await route.takeLinkBytes()
        // The payload plus ssh's handshake and framing, which are far smaller than it.
        expect(up.bytesToTarget).toBeGreaterThan(payloadBytes)
        expect(up.bytesToTarget).toBeLessThan(payloadBytes * 1.1)
        expect(up.bytesFromTarget).toBeLessThan(payloadBytes / 10)
        const download = await runCommand({ file: 'ssh', args: [...route.sshOptions, route.destination, `head -c ${payloadBytes} /dev/zero`], timeoutMs: 20_000 })
        expect(download.stdout.length).toBe(payloadBytes)
        const down = await route.takeLinkBytes()
        expect(down.bytesFromTarget).toBeGreaterThan(payloadBytes)
        expect(down.bytesToTarget).toBeLessThan(payloadBytes / 10)
        expect(await route.takeLinkBytes()).toEqual({ bytesToTarget: 0, bytesFromTarget: 0 })
      } finally {
        await route.dispose()
      }
    } finally {
      await hosts.dispose()
    }
  })
})
