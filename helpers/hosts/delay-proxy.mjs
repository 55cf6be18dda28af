// A user-space TCP relay that delays every chunk by a fixed one-way time in each direction, so a round trip
// through it gains twice that, and counts the bytes it carries. This kernel has no `tc netem`; this runs
// anywhere, without root. With a delay of 0 it forwards at once: a counting relay for the local link.
//   node delay-proxy.mjs LISTEN_PORT TARGET_HOST TARGET_PORT ONE_WAY_DELAY_MS
// Listens on 127.0.0.1, prints "ready PORT" once listening, then "open" when a connection is accepted and
// "closed BYTES_TO_TARGET BYTES_FROM_TARGET" when both of its directions have ended; runs until it is signalled.
import { createConnection, createServer } from 'node:net'

const [listenPort, targetHost, targetPort, delay] = process.argv.slice(2)
const oneWayMs = Number(delay)
const later = oneWayMs > 0 ? (action) => setTimeout(action, oneWayMs) : (action) => action()

/** Forwards one direction; resolves with the bytes it carried once that direction has ended or failed. */
function forward(from, to) {
  let bytes = 0
  return new Promise((resolve) => {
    // Timers of equal duration fire in creation order, so chunks keep their order.
    from.on('data', (chunk) => {
      bytes += chunk.length
      later(() => to.write(chunk))
    })
    from.on('end', () => later(() => { to.end(); resolve(bytes) }))
    from.on('error', () => { to.destroy(); resolve(bytes) })
    from.on('close', () => later(() => resolve(bytes)))
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
