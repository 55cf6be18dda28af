import { randomBytes } from 'node:crypto'
import { mkdir, readFile, readlink, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { FlakebenchError, MissingToolError } from '../errors.ts'
import { isRunning } from '../process/is-running.ts'
import { runChecked } from '../process/run-command.ts'
import { findExecutable } from '../process/tools.ts'

/** iproute2 and util-linux: what a test host in namespaces of its own needs, besides root. */
const NAMESPACE_TOOLS = ['ip', 'nsenter', 'setpriv', 'unshare']
/** How long `unshare` may take to make a host's network namespace. */
const NAMESPACE_TIMEOUT_MS = 10_000

export async function canIsolate(): Promise<boolean> {
  return process.getuid?.() === 0 && (await Promise.all(NAMESPACE_TOOLS.map((tool) => findExecutable(tool)))).every(Boolean)
}

/**
 * The command prefix that runs a test host's sshd in namespaces of its own. sshd does not end its sessions when
 * it stops, and a remote command outlives a killed client; so sshd is the init of a PID namespace (with its own
 * /proc, which Nix's build sandbox reads) and of a network namespace, held by `unshare`, whose death kills sshd
 * (`--kill-child`) and with it every process in the namespace. `unshare` itself dies with the process that
 * started it (`setpriv --pdeathsig`), so that not even a killed Vitest worker leaves a host, a namespace or a
 * veth pair behind: the namespaces are anonymous and end with their last process.
 */
export async function isolation(): Promise<string[]> {
  if (!(await canIsolate())) throw new MissingToolError(`test hosts in namespaces need root and ${NAMESPACE_TOOLS.join(', ')}`, { hint: 'install iproute2 and util-linux, or use loopback mode' })
  return ['setpriv', '--pdeathsig', 'KILL', 'unshare', '--net', '--pid', '--mount-proc', '--fork', '--kill-child']
}

/** A veth pair from here into the network namespace of process `pid`, with an address at each end. */
export async function connectNamespace(pid: number, names: { outside: string; inside: string }, addresses: { outside: string; inside: string }): Promise<void> {
  await ownNetworkNamespace(pid)
  const ip = (...args: string[]) => runChecked({ file: 'ip', args, timeoutMs: 10_000 })
  const inside = (...args: string[]) => runChecked({ file: 'nsenter', args: [`--net=/proc/${pid}/ns/net`, 'ip', ...args], timeoutMs: 10_000 })
  await ip('link', 'add', names.outside, 'type', 'veth', 'peer', 'name', names.inside)
  await ip('link', 'set', names.inside, 'netns', String(pid))
  await ip('addr', 'add', `${addresses.outside}/30`, 'dev', names.outside)
  await ip('link', 'set', names.outside, 'up')
  await inside('addr', 'add', `${addresses.inside}/30`, 'dev', names.inside)
  await inside('link', 'set', names.inside, 'up')
  await inside('link', 'set', 'lo', 'up')
}

/**
 * Claims of subnets, one file per subnet holding the claiming process's PID. Fixed, not under TMPDIR: runs started
 * with different TMPDIRs (the integration tests do) must see each other's claims. /run is a tmpfs, emptied at boot.
 */
const SUBNET_CLAIMS_DIR = '/run/flakebench-subnets'

export interface SubnetClaim {
  subnet: number
  release: () => Promise<void>
}

/**
 * A 10.N.x.x (N in 100–199) that no interface uses and no other live process has claimed. Without the claim two
 * runs starting hosts at once could pick the same N before either had given an address to its veth pair (about 1
 * in 100 per overlap). A claim whose process is gone is taken over.
 */
export async function claimFreeSubnet(): Promise<SubnetClaim> {
  await mkdir(SUBNET_CLAIMS_DIR, { recursive: true })
  const addresses = await runChecked({ file: 'ip', args: ['-o', '-4', 'addr', 'show'], timeoutMs: 10_000 })
  const used = new Set([...addresses.matchAll(/inet 10\.(\d+)\./g)].map((match) => Number(match[1])))
  const free = Array.from({ length: 100 }, (_, offset) => 100 + offset).filter((subnet) => !used.has(subnet))
  // From a random place in the list, so that concurrent runs seldom contend for the same claim at all.
  const start = randomBytes(1)[0]! % Math.max(1, free.length)
  for (const subnet of [...free.slice(start), ...free.slice(0, start)]) {
    const file = join(SUBNET_CLAIMS_DIR, String(subnet))
    if (await createClaim(file) || (!isRunning(Number(await readFile(file, 'utf8').catch(() => ''))) && await takeOverClaim(file))) {
      return { subnet, release: () => rm(file, { force: true }) }
    }
  }
  throw new FlakebenchError('no free 10.100–199.x.x subnet for test hosts', { hint: `remove leftover veth interfaces of test hosts (\`ip -br link\`, names starting with fb) and stale claims in ${SUBNET_CLAIMS_DIR}` })
}

async function createClaim(file: string): Promise<boolean> {
  try {
    await writeFile(file, String(process.pid), { flag: 'wx' })
    return true
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false
    throw error
  }
}

/** A stale claim is removed and made anew; of two processes doing so at once, only one creates it. */
async function takeOverClaim(file: string): Promise<boolean> {
  await rm(file, { force: true })
  return createClaim(file)
}

/** Until `unshare` has made its network namespace, the process is still in ours: nothing may be moved there. */
async function ownNetworkNamespace(pid: number): Promise<void> {
  const ours = await readlink('/proc/self/ns/net')
  const deadline = Date.now() + NAMESPACE_TIMEOUT_MS
  while ((await readlink(`/proc/${pid}/ns/net`)) === ours) {
    if (Date.now() > deadline) throw new FlakebenchError(`the network namespace of test host process ${pid} was not made within ${NAMESPACE_TIMEOUT_MS} ms`)
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}
