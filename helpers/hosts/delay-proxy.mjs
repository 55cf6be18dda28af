// A user-space TCP proxy that delays every chunk by a fixed one-way time in each direction, so a round trip
// through it gains twice that. This kernel has no `tc netem`; this runs anywhere, without root.
//   node delay-proxy.mjs LISTEN_PORT TARGET_HOST TARGET_PORT ONE_WAY_DELAY_MS
// Listens on 127.0.0.1, prints "ready PORT" once listening, and runs until it is signalled.
import { createConnection, createServer } from 'node:net'

const [listenPort, targetHost, targetPort, delay] = process.argv.slice(2)
const oneWayMs = Number(delay)

function forward(from, to) {
  // Timers of equal duration fire in creation order, so chunks keep their order.
  from.on('data', (chunk) => setTimeout(() => to.write(chunk), oneWayMs))
  from.on('end', () => setTimeout(() => to.end(), oneWayMs))
  from.on('error', () => to.destroy())
}

const server = createServer((client) => {
  const upstream = createConnection({ host: targetHost, port: Number(targetPort) })
  forward(client, upstream)
  forward(upstream, client)
})
server.listen(Number(listenPort), '127.0.0.1', () => console.log(`ready ${server.address().port}`))
for (const signal of ['SIGTERM', 'SIGINT']) process.on(signal, () => process.exit(0))
