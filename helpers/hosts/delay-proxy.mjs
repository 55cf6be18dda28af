// A user-space TCP relay that delays every chunk by a fixed one-way time in each direction, so a round trip
// through it gains twice that, optionally paces each direction to a bandwidth, and counts the bytes it carries.
// This kernel has no `tc netem`; this runs anywhere, without root. With a delay of 0 and no bandwidth it forwards
// at once: a counting relay for the local link.
//   node delay-proxy.mjs LISTEN_PORT TARGET_HOST TARGET_PORT ONE_WAY_DELAY_MS [BITS_PER_SECOND]
// Listens on 127.0.0.1, prints "ready PORT" once listening, then "open" when a connection is accepted and
// "closed BYTES_TO_TARGET BYTES_FROM_TARGET" when both of its directions have ended; runs until it is signalled.
import { createConnection, createServer } from 'node:net'

const [listenPort, targetHost, targetPort, delay, bandwidth] = process.argv.slice(2)
const oneWayMs = Number(delay)
const bitsPerMs = Number(bandwidth ?? 0) / 1000
const immediate = oneWayMs <= 0 && bitsPerMs <= 0
/** A paced direction stops reading past this many queued bytes, as a full link's sender would be held back. */
const QUEUE_LIMIT_BYTES = 256 * 1024

/** Forwards one direction; resolves with the bytes it carried once that direction has ended or failed. */
function forward(from, to) {
  let bytes = 0
  // Each chunk leaves when the link has sent the ones before it (store and forward at bitsPerMs), then arrives
  // one-way later; one timer at a time over a FIFO keeps the chunks in order.
  const queue = []
  let queuedBytes = 0
  let linkFreeAt = 0
  let timer = null
  const deliver = () => {
    timer = null
    const now = performance.now()
    while (queue.length > 0 && queue[0].at <= now + 0.5) {
      const { chunk, end } = queue.shift()
      if (end) { to.end(); continue }
      queuedBytes -= chunk.length
      to.write(chunk)
    }
    if (queuedBytes < QUEUE_LIMIT_BYTES && from.isPaused()) from.resume()
    if (queue.length > 0) timer = setTimeout(deliver, queue[0].at - now)
  }
  const enqueue = (item, length) => {
    const now = performance.now()
    linkFreeAt = Math.max(now, linkFreeAt) + (bitsPerMs > 0 ? (length * 8) / bitsPerMs : 0)
    queue.push({ ...item, at: linkFreeAt + oneWayMs })
    if (timer === null) timer = setTimeout(deliver, queue[0].at - now)
  }
  return new Promise((resolve) => {
    from.on('data', (chunk) => {
      bytes += chunk.length
      if (immediate) return to.write(chunk)
      queuedBytes += chunk.length
      enqueue({ chunk }, chunk.length)
      if (queuedBytes >= QUEUE_LIMIT_BYTES) from.pause()
    })
    from.on('end', () => {
      if (immediate) to.end()
      else enqueue({ end: true }, 0)
    })
    from.on('error', () => { to.destroy(); resolve(bytes) })
    // Resolves when the last chunk has been handed on: the direction is over for the link too.
    from.on('close', () => {
      if (immediate || queue.length === 0) return resolve(bytes)
      const last = queue.at(-1).at
      setTimeout(() => resolve(bytes), Math.max(0, last - performance.now()) + 1)
    })
  })
}

const server = createServer((client) => {
  console.log('open')
  const upstream = createConnection({ host: targetHost, port: Number(targetPort) })
  // Nagle's algorithm would hold a small write until the previous one is acknowledged: latency the link has not.
  client.setNoDelay(true)
  upstream.setNoDelay(true)
  Promise.all([forward(client, upstream), forward(upstream, client)]).then(([toTarget, fromTarget]) => console.log(`closed ${toTarget} ${fromTarget}`))
})
server.listen(Number(listenPort), '127.0.0.1', () => console.log(`ready ${server.address().port}`))
for (const signal of ['SIGTERM', 'SIGINT']) process.on(signal, () => process.exit(0))
