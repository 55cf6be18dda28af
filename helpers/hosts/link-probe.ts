import { randomBytes } from 'node:crypto'
import { performance } from 'node:perf_hooks'
import { execa } from 'execa'
import { FlakebenchError } from '../errors.ts'
import { registerCleanup } from '../process/cleanup.ts'
import { tail } from '../process/run-command.ts'
import { median } from '../statistics/median.ts'
import { remoteCommand } from './remote-command.ts'

/** The link to a machine as a copy over ssh sees it: round trip and throughput inside one established session. */
export interface SshLink {
  /** Median time for a line to reach the machine's shell and come back, after the session is set up. */
  rttMs: number
  /** Client-to-machine throughput of random bytes through the session, one RTT of latency taken out. */
  mbitPerS: number
  pingsMs: number[]
}

export interface LinkProbeOptions {
  pings: number
  bulkBytes: number
  timeoutMs: number
  signal?: AbortSignal | undefined
}

/**
 * The machine's side, in POSIX sh whatever the login shell: echo each line until "bulk", then read `bytes` bytes
 * and answer "done". sh's `read` takes a pipe byte by byte, so the bulk bytes are all left for `head`.
 */
function remoteScript(bulkBytes: number): string {
  return `while IFS= read -r line; do if [ "$line" = bulk ]; then break; fi; echo "$line"; done; head -c ${bulkBytes} >/dev/null; echo done`
}

/**
 * Measures the link a deploy crosses, untimed by the bench: `ssh host true` would time the connection set-up (TCP,
 * key exchange, authentication: several round trips plus the login), while a copy's round trips are inside one
 * session. The first echo waits for that set-up and is dropped. Random bytes, so ssh compression cannot shrink them.
 */
export async function probeSshLink(target: { ssh: string; sshOptions: readonly string[] }, options: LinkProbeOptions): Promise<SshLink> {
  const child = execa('ssh', [...target.sshOptions, '-o', 'BatchMode=yes', '--', target.ssh, remoteCommand([['sh', '-c', remoteScript(options.bulkBytes)]])], {
    detached: true,
    reject: false,
    stdin: 'pipe',
    stripFinalNewline: false,
  })
  const stop = () => {
    try {
      if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL')
    } catch {
      // ESRCH: already gone.
    }
  }
  const unregister = registerCleanup(async () => { stop(); await child })
  let timedOut = false
  const timer = setTimeout(() => { timedOut = true; stop() }, options.timeoutMs)
  options.signal?.addEventListener('abort', stop, { once: true })
  const lines = lineReader(child.stdout!)
  // A session that ends early breaks the pipe; the missing echo reports it, with ssh's stderr.
  child.stdin!.on('error', () => undefined)
  try {
    const echo = async (text: string) => {
      const startMs = performance.now()
      child.stdin!.write(`${text}\n`)
      const answer = await lines.next()
      if (answer !== text) throw new Error(`expected the echo "${text}", got ${answer === null ? 'the end of the session' : `"${answer}"`}`)
      return performance.now() - startMs
    }
    await echo('ready')
    const pingsMs: number[] = []
    for (let ping = 0; ping < options.pings; ping++) pingsMs.push(await echo(`ping-${ping}`))
    const rttMs = median([...pingsMs].sort((a, b) => a - b))
    const bulkStartMs = performance.now()
    child.stdin!.write('bulk\n')
    await writeAll(child.stdin!, randomBytes(options.bulkBytes))
    const done = await lines.next()
    if (done !== 'done') throw new Error(`expected "done" after ${options.bulkBytes} bytes, got ${done === null ? 'the end of the session' : `"${done}"`}`)
    const transferMs = Math.max(performance.now() - bulkStartMs - rttMs, rttMs / 2, 0.001)
    child.stdin!.end()
    const result = await child
    if (result.exitCode !== 0) throw new Error(`ssh exited with ${result.exitCode ?? result.signal}`)
    return { rttMs, mbitPerS: (options.bulkBytes * 8) / 1e6 / (transferMs / 1000), pingsMs }
  } catch (error) {
    stop()
    const result = await child
    const why = options.signal?.aborted ? 'it was interrupted' : timedOut ? `it did not finish within ${options.timeoutMs} ms` : (error as Error).message
    throw new FlakebenchError(`cannot probe the link to ${target.ssh} over ssh: ${why}`, {
      hint: 'check that `ssh <host> sh -c true` works without a password (BatchMode) with the target\'s sshOptions, and that the machine has `head`',
      stderrTail: tail(String(result.stderr ?? ''), 10),
      cause: error,
    })
  } finally {
    clearTimeout(timer)
    options.signal?.removeEventListener('abort', stop)
    unregister()
  }
}

/** Lines of a stream, one per call; null once it has ended. */
function lineReader(stream: NodeJS.ReadableStream): { next: () => Promise<string | null> } {
  const ready: string[] = []
  const waiting: Array<(line: string | null) => void> = []
  let partial = ''
  let ended = false
  stream.on('data', (chunk: Buffer) => {
    const parts = (partial + chunk.toString('utf8')).split('\n')
    partial = parts.pop() ?? ''
    for (const line of parts) {
      const waiter = waiting.shift()
      if (waiter) waiter(line)
      else ready.push(line)
    }
  })
  stream.on('end', () => {
    ended = true
    for (const waiter of waiting.splice(0)) waiter(null)
  })
  return {
    next: () => {
      const line = ready.shift()
      if (line !== undefined) return Promise.resolve(line)
      if (ended) return Promise.resolve(null)
      return new Promise((resolve) => waiting.push(resolve))
    },
  }
}

/** Resolves once the bytes are handed to the pipe (or it broke: the missing answer says so). */
function writeAll(stream: NodeJS.WritableStream, bytes: Buffer): Promise<void> {
  return new Promise((resolve) => {
    stream.once('error', () => resolve())
    if (stream.write(bytes)) resolve()
    else stream.once('drain', () => resolve())
  })
}
