import { spawn, type ChildProcess } from 'node:child_process'
import { createConnection, createServer, type Server } from 'node:net'
import { fileURLToPath } from 'node:url'
import { median } from '../statistics/median.ts'
import { FlakebenchError } from '../errors.ts'
import { registerCleanup } from '../process/cleanup.ts'
import type { TestHost } from './test-hosts.ts'

/** seed 003: Zerotier adds ~1–5 ms direct and ~20–50 ms relayed. The upper ends are used. */
export const NETWORK_PROFILES = [
  { name: 'local', rttMs: 0, bandwidthMbitPerS: null },
  { name: 'direct', rttMs: 5, bandwidthMbitPerS: null },
  { name: 'relayed', rttMs: 50, bandwidthMbitPerS: null },
] as const satisfies readonly NetworkProfile[]

/** A simulated link: added round-trip time and, optionally, a bandwidth each direction is paced to. */
export interface NetworkProfile {
  name: string
  rttMs: number
  /** null: as fast as loopback. */
  bandwidthMbitPerS: number | null
}

const PROXY = fileURLToPath(new URL('./delay-proxy.mjs', import.meta.url))
/** Round trips timed to report the latency a profile really achieved. */
const RTT_PROBES = 7

/** Bytes a route's relay carried, each way, over connections that have closed. */
export interface LinkBytes {
  bytesToTarget: number
  bytesFromTarget: number
}

/**
 * A host reached through a profile: always through a relay on loopback that counts the bytes it carries (with a
 * delay for `direct` and `relayed`, none for `local`), so that every copy can say how much crossed the link.
 */
export interface ProfiledHost {
  host: TestHost
  profile: NetworkProfile
  /** ssh options for this route (the relay's port replaces the host's). */
  sshOptions: string[]
  /** user@address for ssh and nix. */
  destination: string
  /** Median TCP round trip through the same kind of relay, measured against a local echo server. */
  achievedRttMs: number
  /** Throughput of a bulk transfer through the same kind of relay (Mbit/s); null for an unpaced link. */
  achievedMbitPerS: number | null
  /**
   * The bytes carried since the previous call, once every connection through the relay has closed (a command's
   * ssh sessions end shortly after it exits); throws if one stays open longer than `timeoutMs`.
   */
  takeLinkBytes: (timeoutMs?: number) => Promise<LinkBytes>
  dispose: () => Promise<void>
}

/** How long connections may take to close after a command exited before its byte count is refused. */
const SETTLE_TIMEOUT_MS = 10_000

export async function throughProfile(host: TestHost, profile: NetworkProfile): Promise<ProfiledHost> {
  const oneWayMs = profile.rttMs / 2
  const bitsPerS = (profile.bandwidthMbitPerS ?? 0) * 1e6
  const toHost = await startProxy(host.address, host.port, oneWayMs, bitsPerS)
  const echo = await startEcho()
  let probe: Proxy | undefined
  try {
    probe = await startProxy('127.0.0.1', echo.port, oneWayMs, bitsPerS)
    const achievedRttMs = await measureRtt(probe.port)
    const achievedMbitPerS = profile.bandwidthMbitPerS === null ? null : await measureThroughput(profile.bandwidthMbitPerS, oneWayMs, bitsPerS, achievedRttMs)
    const portIndex = host.sshOptions.indexOf('-p')
    const sshOptions = [...host.sshOptions]
    sshOptions[portIndex + 1] = String(toHost.port)
    return {
      host,
      profile,
      sshOptions,
      destination: `${host.user}@127.0.0.1`,
      achievedRttMs,
      achievedMbitPerS,
      takeLinkBytes: (timeoutMs = SETTLE_TIMEOUT_MS) => toHost.take(timeoutMs),
      dispose: () => stop(toHost.proxy),
    }
  } catch (error) {
    await stop(toHost.proxy)
    throw error
  } finally {
    if (probe) await stop(probe.proxy)
    echo.server.close()
  }
}

interface Proxy {
  proxy: ChildProcess
  port: number
  take: (timeoutMs: number) => Promise<LinkBytes>
}

function startProxy(targetHost: string, targetPort: number, oneWayMs: number, bitsPerS: number): Promise<Proxy> {
  const proxy = spawn(process.execPath, [PROXY, '0', targetHost, String(targetPort), String(oneWayMs), String(bitsPerS)], { stdio: ['ignore', 'pipe', 'pipe'] })
  // Registered until it exits: an interrupt stops it even when the test that started it never reaches its finally.
  proxy.once('exit', registerCleanup(() => stop(proxy)))
  const counts = { open: 0, bytesToTarget: 0, bytesFromTarget: 0 }
  let pending = ''
  let ready: (port: number) => void = () => {}
  proxy.stdout?.on('data', (chunk: Buffer) => {
    pending += chunk.toString()
    const lines = pending.split('\n')
    pending = lines.pop() ?? ''
    for (const line of lines) {
      const [event, toTarget, fromTarget] = line.split(' ')
      if (event === 'ready') ready(Number(toTarget))
      else if (event === 'open') counts.open += 1
      else if (event === 'closed') {
        counts.open -= 1
        counts.bytesToTarget += Number(toTarget)
        counts.bytesFromTarget += Number(fromTarget)
      }
    }
  })
  const take = async (timeoutMs: number): Promise<LinkBytes> => {
    const deadline = Date.now() + timeoutMs
    while (counts.open > 0) {
      if (Date.now() > deadline) throw new FlakebenchError(`${counts.open} connection(s) through the relay to ${targetHost}:${targetPort} were still open ${timeoutMs} ms after the command exited: the bytes that crossed the link are unknown`)
      await new Promise((resolve) => setTimeout(resolve, 5))
    }
    const taken = { bytesToTarget: counts.bytesToTarget, bytesFromTarget: counts.bytesFromTarget }
    counts.bytesToTarget = 0
    counts.bytesFromTarget = 0
    return taken
  }
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => { proxy.kill('SIGKILL'); reject(new FlakebenchError('the delay proxy did not start within 10 s')) }, 10_000)
    ready = (port) => {
      clearTimeout(timer)
      resolve({ proxy, port, take })
    }
    proxy.once('exit', (code) => { clearTimeout(timer); reject(new FlakebenchError(`the delay proxy exited with code ${code}`)) })
  })
}

function startEcho(): Promise<{ server: Server; port: number }> {
  return new Promise((resolve) => {
    const server = createServer((socket) => socket.pipe(socket))
    server.listen(0, '127.0.0.1', () => resolve({ server, port: (server.address() as { port: number }).port }))
  })
}

/** One byte out and back, RTT_PROBES times over one connection: the median round trip. */
async function measureRtt(port: number): Promise<number> {
  const socket = createConnection({ host: '127.0.0.1', port })
  await new Promise((resolve, reject) => socket.once('connect', resolve).once('error', reject))
  const rtts: number[] = []
  for (let probe = 0; probe < RTT_PROBES; probe++) {
    const start = performance.now()
    const reply = new Promise((resolve) => socket.once('data', resolve))
    socket.write('x')
    await reply
    rtts.push(performance.now() - start)
  }
  socket.destroy()
  return median(rtts.sort((a, b) => a - b))
}

/** What a bulk probe sends: a quarter of a second at the nominal bandwidth, enough to dwarf one chunk's pacing. */
const THROUGHPUT_PROBE_S = 0.25

/**
 * Bytes sent through a relay like the route's to a local sink that answers one byte once it has them all: the
 * transfer takes the bytes at the link's rate plus one round trip; that RTT subtracted, the rest is the rate.
 */
async function measureThroughput(nominalMbitPerS: number, oneWayMs: number, bitsPerS: number, rttMs: number): Promise<number> {
  const bytes = Math.round((nominalMbitPerS * 1e6 * THROUGHPUT_PROBE_S) / 8)
  const sink = await new Promise<{ server: Server; port: number }>((resolve) => {
    const server = createServer((socket) => {
      let received = 0
      socket.on('data', (chunk: Buffer) => {
        received += chunk.length
        if (received >= bytes) socket.end('k')
      })
    })
    server.listen(0, '127.0.0.1', () => resolve({ server, port: (server.address() as { port: number }).port }))
  })
  const relay = await startProxy('127.0.0.1', sink.port, oneWayMs, bitsPerS)
  try {
    const socket = createConnection({ host: '127.0.0.1', port: relay.port })
    await new Promise((resolve, reject) => socket.once('connect', resolve).once('error', reject))
    const start = performance.now()
    const acknowledged = new Promise((resolve) => socket.once('data', resolve))
    socket.write(Buffer.alloc(bytes))
    await acknowledged
    const elapsedMs = performance.now() - start
    socket.destroy()
    return (bytes * 8) / 1000 / Math.max(elapsedMs - rttMs, 1e-3)
  } finally {
    await stop(relay.proxy)
    sink.server.close()
  }
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return
  const exited = new Promise((resolve) => child.once('exit', resolve))
  child.kill('SIGTERM')
  await exited
}
