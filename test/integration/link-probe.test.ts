import { afterAll, beforeAll, expect, test } from 'vitest'
import { FlakebenchError } from '../../helpers/errors.ts'
import { probeSshLink } from '../../helpers/hosts/link-probe.ts'
import { throughProfile } from '../../helpers/hosts/network-profile.ts'
import { TestHosts } from '../../helpers/hosts/test-hosts.ts'

/** The deploy targets' link probe against a real sshd test host, direct and through the delay proxy. */
let hosts: TestHosts
beforeAll(async () => { hosts = await TestHosts.start(1) }, 120_000)
afterAll(() => hosts?.dispose())

const options = { pings: 10, bulkBytes: 1024 * 1024, timeoutMs: 60_000 }
const direct = () => {
  const host = hosts.hosts[0]!
  return { ssh: `${host.user}@${host.address}`, sshOptions: host.sshOptions }
}

test('a 60 ms, 10 Mbit/s link reads as such: the proxy\'s delay is a floor, its pacing a ceiling, far from the direct link', { timeout: 120_000 }, async () => {
  const unpaced = await probeSshLink(direct(), options)
  const route = await throughProfile(hosts.hosts[0]!, { name: 'probe', rttMs: 60, bandwidthMbitPerS: 10 })
  try {
    const slow = await probeSshLink({ ssh: route.destination, sshOptions: route.sshOptions }, options)
    expect(slow.pingsMs).toHaveLength(10)
    expect(slow.rttMs).toBeGreaterThanOrEqual(60)
    expect(slow.rttMs - unpaced.rttMs, 'the added 60 ms, seen through ssh').toBeGreaterThan(50)
    expect(slow.mbitPerS).toBeLessThan(11)
    expect(slow.mbitPerS, 'the direct link is unpaced').toBeLessThan(unpaced.mbitPerS / 2)
  } finally {
    await route.dispose()
  }
})

test('a machine that refuses the login is an error with ssh\'s own words and what to check', { timeout: 60_000 }, async () => {
  const error = await probeSshLink({ ...direct(), ssh: `flakebench-nobody@${hosts.hosts[0]!.address}` }, options).catch((caught: unknown) => caught)
  expect(error).toBeInstanceOf(FlakebenchError)
  expect((error as FlakebenchError).summary).toMatch(/^cannot probe the link to flakebench-nobody@.*: expected the echo "ready", got the end of the session$/)
  expect((error as FlakebenchError).stderrTail).toContain('Permission denied')
  expect((error as FlakebenchError).hint).toContain('BatchMode')
})

test('a probe past its time limit, or aborted, stops its ssh and says which', { timeout: 60_000 }, async () => {
  // A machine that never answers: ssh waits for a banner from a proxy command that sleeps.
  const silent = { ssh: 'nobody@silent', sshOptions: ['-o', 'ProxyCommand=sleep 30'] }
  const timedOut = await probeSshLink(silent, { ...options, timeoutMs: 1_500 }).catch((caught: unknown) => caught)
  expect((timedOut as FlakebenchError).summary).toBe('cannot probe the link to nobody@silent over ssh: it did not finish within 1500 ms')
  const controller = new AbortController()
  setTimeout(() => controller.abort(), 300)
  const startedMs = performance.now()
  const aborted = await probeSshLink(silent, { ...options, signal: controller.signal }).catch((caught: unknown) => caught)
  expect((aborted as FlakebenchError).summary).toBe('cannot probe the link to nobody@silent over ssh: it was interrupted')
  expect(performance.now() - startedMs, 'stopped at the abort, not at the time limit').toBeLessThan(30_000)
})
