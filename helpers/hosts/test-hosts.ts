import { spawn, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { access, constants, mkdir, symlink, writeFile } from 'node:fs/promises'
import { createServer } from 'node:net'
import { userInfo } from 'node:os'
import { dirname, join } from 'node:path'
import { FlakebenchError, MissingToolError } from '../errors.ts'
import { removeTree, sandboxShellArgs } from '../builds/build-workspace.ts'
import { registerCleanup } from '../process/cleanup.ts'
import { runCommand, runChecked } from '../process/run-command.ts'
import { findExecutable } from '../process/tools.ts'
import type { NixBuild } from '../process/nix-builds.ts'
import { canIsolate, claimFreeSubnet, connectNamespace, isolation, type SubnetClaim } from './host-namespaces.ts'
import { createTempDir, removeTempDir } from '../process/temp-dir.ts'

/** A real sshd with its own Nix store: a stand-in for a machine of the fleet. */
export interface TestHost {
  name: string
  /** Address the client connects to (inside the host's network namespace, or loopback). */
  address: string
  port: number
  user: string
  /** Root of the host's own store: Nix on the host runs with NIX_REMOTE=local?root=… (set by its sshd). */
  storeRoot: string
  /** ssh options that reach the host: key, port, no known-hosts prompts. */
  sshOptions: string[]
  /**
   * The host's process. In namespace mode it holds the host's own PID and network namespaces with sshd as their
   * init: SIGKILL to it takes the host down with every session and remote command, as a machine losing power. In
   * loopback mode sshd itself, whose sessions and their commands outlive it.
   */
  sshdPid: number
  /** The host side of the host's veth pair (namespace mode), which the kernel deletes with the host. */
  link: string | null
  /** The Nix its sessions run (nix-store --serve, nix-daemon --stdio…); null: the system's, on /usr/bin. */
  remoteNix: NixBuild | null
}

export interface TestHostOptions {
  mode?: 'namespace' | 'loopback'
  extraSshdConfig?: string[]
  /** The Nix the hosts run on their side, so a client of one version can copy to a host of another. */
  remoteNix?: NixBuild | null
}

/** The commands a Nix client starts on the remote side, by name, through the session's PATH. */
const REMOTE_NIX_COMMANDS = ['nix', 'nix-store', 'nix-daemon', 'nix-copy-closure', 'nix-env']

/** How long a new sshd has to answer `ssh true`. */
const HEALTH_TIMEOUT_MS = 10_000
const SSHD = '/usr/sbin/sshd'

/**
 * K sshd test hosts. As root each lives in network and PID namespaces of its own, behind a veth pair, which end
 * with it (host-namespaces.ts); otherwise, or when asked, each listens on a loopback port (where a mount made
 * after the start is seen by the host, as the full-store test needs). Every host, key and store is created
 * in one temporary directory, and `dispose` stops each host by its PID and removes the directory, also after a
 * failed start or an interrupt (helpers/process/cleanup.ts).
 */
export class TestHosts {
  private disposed: Promise<void> | undefined
  private unregisterCleanup: () => void = () => {}
  /** Held from the start until the hosts and their veth pairs are gone. */
  private subnetClaim: SubnetClaim | null = null

  private constructor(
    readonly dir: string,
    readonly hosts: TestHost[],
    private readonly processes: ChildProcess[],
    /** Host ends of veth pairs: gone with their host's namespace, unless a start failed before it took the other end. */
    private readonly links: string[],
  ) {}

  static async start(count: number, options: TestHostOptions = {}): Promise<TestHosts> {
    if (!(await findExecutable('ssh'))) throw new MissingToolError('ssh was not found on PATH', { hint: 'install openssh-client' })
    const sshd = await access(SSHD, constants.X_OK).then(() => true, () => false)
    if (!sshd) throw new MissingToolError(`${SSHD} was not found`, { hint: 'install openssh-server (sudo apt-get install openssh-server)' })
    const mode = options.mode ?? ((await canIsolate()) ? 'namespace' : 'loopback')
    const { path: dir } = await createTempDir('flakebench-hosts-', removeTree)
    const hosts = new TestHosts(dir, [], [], [])
    hosts.unregisterCleanup = registerCleanup(() => hosts.dispose())
    try {
      await runChecked({ file: 'ssh-keygen', args: ['-q', '-t', 'ed25519', '-N', '', '-C', 'flakebench-client', '-f', join(dir, 'client_key')], timeoutMs: 30_000 })
      await mkdir('/run/sshd', { recursive: true }).catch(() => undefined)
      // A short random tag keeps interface names within Linux's 15 characters and apart from other runs.
      const tag = randomBytes(2).toString('hex')
      const claim = mode === 'namespace' ? await claimFreeSubnet() : null
      hosts.subnetClaim = claim
      const subnet = claim?.subnet ?? 0
      // Started at once (a fleet of 9 took 4 s one after another); listed in index order.
      await Promise.all(Array.from({ length: count }, (_, offset) => hosts.startHost(offset + 1, mode, tag, subnet, options.extraSshdConfig ?? [], options.remoteNix ?? null)))
      hosts.hosts.sort((a, b) => a.name.localeCompare(b.name, 'en', { numeric: true }))
      await Promise.all(hosts.hosts.map((host) => waitUntilReachable(host)))
      return hosts
    } catch (error) {
      await hosts.dispose()
      throw error
    }
  }

  private async startHost(index: number, mode: 'namespace' | 'loopback', tag: string, subnet: number, extraSshdConfig: string[], remoteNix: NixBuild | null): Promise<void> {
    const name = `host-${index}`
    const hostDir = join(this.dir, name)
    await mkdir(hostDir)
    const remotePath = remoteNix ? `${await remoteNixBin(hostDir, remoteNix)}:/usr/bin:/bin` : '/usr/bin:/bin'
    await runChecked({ file: 'ssh-keygen', args: ['-q', '-t', 'ed25519', '-N', '', '-C', name, '-f', join(hostDir, 'host_key')], timeoutMs: 30_000 })
    const storeRoot = join(hostDir, 'store')
    const address = mode === 'namespace' ? `10.${subnet}.${index}.2` : '127.0.0.1'
    const port = mode === 'namespace' ? 22 : await freePort()
    const config = [
      // In its own network namespace sshd starts before its interface exists: it listens on every address there.
      `ListenAddress ${mode === 'namespace' ? '0.0.0.0' : address}`,
      `Port ${port}`,
      `HostKey ${join(hostDir, 'host_key')}`,
      `AuthorizedKeysFile ${join(this.dir, 'client_key.pub')}`,
      `PidFile ${join(hostDir, 'sshd.pid')}`,
      'UsePAM no',
      'StrictModes no',
      'PasswordAuthentication no',
      'KbdInteractiveAuthentication no',
      'PermitRootLogin prohibit-password',
      // The host's own store: a copy to it really transfers bytes (the namespace shares /nix/store otherwise);
      // its own nix.conf: offline unless a bench gives it a substituter; its own HOME, so that sessions do not run
      // this machine's ~/.bashrc (bash reads it for ssh commands: a pyenv init there cost ~140 ms per session).
      // PATH decides which Nix answers: a client starts `nix-store --serve` or `nix-daemon --stdio` there by name.
      `SetEnv PATH=${remotePath} NIX_REMOTE=local?root=${storeRoot} NIX_CONF_DIR=${join(hostDir, 'etc')} HOME=${join(hostDir, 'home')}`,
      'LogLevel ERROR',
      ...extraSshdConfig,
    ].join('\n')
    await writeFile(join(hostDir, 'sshd_config'), `${config}\n`)
    await mkdir(join(hostDir, 'etc'))
    await mkdir(join(hostDir, 'home'))
    await writeHostNixConf(hostDir, null)
    // Checked before the start (`sshd -t`): a started sshd with a bad configuration exits at once, but under load
    // not before the namespace setup reaches for its process, which then fails with a confusing `ip` error.
    const check = await runCommand({ file: SSHD, args: ['-t', '-f', join(hostDir, 'sshd_config')], timeoutMs: 30_000 })
    if (check.sample.exitCode !== 0) throw new FlakebenchError(`sshd for ${name} did not start: ${check.stderr.trim() || `sshd -t exited with code ${check.sample.exitCode}`}`)
    const command = [...(mode === 'namespace' ? await isolation() : []), SSHD, '-D', '-e', '-f', join(hostDir, 'sshd_config')]
    const sshd = spawn(command[0]!, command.slice(1), { stdio: ['ignore', 'ignore', 'pipe'] })
    let log = ''
    sshd.stderr?.on('data', (chunk: Buffer) => { log += chunk.toString() })
    this.processes.push(sshd)
    // What `sshd -t` cannot see (e.g. a port taken): sshd exits at once in -D mode.
    await new Promise((resolve) => setTimeout(resolve, 100))
    if (sshd.exitCode !== null) throw new FlakebenchError(`sshd for ${name} did not start: ${log.trim() || `exit code ${sshd.exitCode}`}`)
    const link = mode === 'namespace' ? `fb${tag}h${index}` : null
    if (link) {
      this.links.push(link)
      await connectNamespace(sshd.pid!, { outside: link, inside: `fb${tag}n${index}` }, { outside: `10.${subnet}.${index}.1`, inside: address })
    }
    this.hosts.push({
      name,
      address,
      port,
      user: userInfo().username,
      storeRoot,
      // GSSAPI off: Debian's ssh_config turns it on, and trying it costs every session ~30 ms (measured).
      // Compression off (ssh's default), whatever a user's ssh_config says: every NAR byte sent crosses the link.
      sshOptions: ['-i', join(this.dir, 'client_key'), '-p', String(port), '-o', 'StrictHostKeyChecking=no', '-o', 'UserKnownHostsFile=/dev/null', '-o', 'LogLevel=ERROR', '-o', 'BatchMode=yes', '-o', 'GSSAPIAuthentication=no', '-o', 'Compression=no'],
      sshdPid: sshd.pid!,
      link,
      remoteNix,
    })
  }

  /** Stops every host by PID (which ends its namespaces and veth pair) and removes the directory; once. */
  dispose(): Promise<void> {
    return (this.disposed ??= this.stop())
  }

  private async stop(): Promise<void> {
    try {
      await Promise.all(this.processes.map(stopProcess))
      // Gone with their namespace unless a start failed in between; then `ip` fails, harmlessly.
      for (const link of this.links) await runCommand({ file: 'ip', args: ['link', 'del', link], timeoutMs: 10_000 })
      await removeTempDir(this.dir)
    } finally {
      await this.subnetClaim?.release()
      this.unregisterCleanup()
    }
  }
}

/**
 * A directory holding only the chosen Nix's commands, put first on the host's PATH: the build's own directory
 * cannot be, as a private prefix (scripts/install-second-nix.sh) also holds its own bash, perl, curl….
 */
async function remoteNixBin(hostDir: string, build: NixBuild): Promise<string> {
  const bin = join(hostDir, 'nix-bin')
  await mkdir(bin)
  const available = await Promise.all(REMOTE_NIX_COMMANDS.map((command) => access(join(dirname(build.path), command), constants.X_OK).then(() => command, () => null)))
  if (!available.includes('nix-store') || !available.includes('nix-daemon')) {
    throw new FlakebenchError(`the remote Nix "${build.label}" (${build.path}) has no nix-store or nix-daemon beside it, which clients start on the host`, {
      hint: 'name the `nix` of a complete Nix installation, whose directory also holds nix-store and nix-daemon',
    })
  }
  // Links keep each command's name, by which the multi-call `nix` binary decides what it is.
  for (const command of available) if (command) await symlink(join(dirname(build.path), command), join(bin, command))
  return bin
}

/** The host's nix.conf; with a cache, the host may substitute from it (what `--use-substitutes` relies on). */
async function writeHostNixConf(hostDir: string, cache: { url: string; publicKey: string | null } | null): Promise<void> {
  const lines = [
    'experimental-features = nix-command flakes',
    `substituters = ${cache?.url ?? ''}`,
    `trusted-public-keys = ${cache?.publicKey ?? ''}`,
    // Builds sent to the host (remote builders) run in its own store's sandbox, which needs a shell.
    ...sandboxShellConf(),
    'build-users-group =',
  ]
  await writeFile(join(hostDir, 'etc', 'nix.conf'), `${lines.join('\n')}\n`)
}

function sandboxShellConf(): string[] {
  const args = sandboxShellArgs()
  return args.length === 0 ? ['sandbox = false'] : [`sandbox-paths = ${args.at(-1)}`]
}

/** Lets a host substitute from a binary cache (null: none, the default). */
export async function setHostSubstituter(hosts: TestHosts, host: TestHost, cache: { url: string; publicKey: string | null } | null): Promise<void> {
  await writeHostNixConf(join(hosts.dir, host.name), cache)
}

/** `ssh host COMMAND…` as an argument array; the remote command is one string, as ssh sends it. */
export function sshArgs(host: TestHost, remoteCommand: string): string[] {
  return [...host.sshOptions, `${host.user}@${host.address}`, remoteCommand]
}

/** Answers `ssh host true`, or throws naming the host and ssh's reason (refused key, nothing listening, …). */
export async function waitUntilReachable(host: TestHost, timeoutMs = HEALTH_TIMEOUT_MS): Promise<void> {
  const deadline = Date.now() + timeoutMs
  let last = ''
  while (Date.now() < deadline) {
    const run = await runCommand({ file: 'ssh', args: sshArgs(host, 'true'), timeoutMs: 5_000 })
    if (run.sample.exitCode === 0) return
    last = run.stderr.trim()
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  throw new FlakebenchError(`test host ${host.name} (${host.address}:${host.port}) did not answer ssh within ${timeoutMs} ms: ${last}`, {
    hint: 'check that openssh-server is installed and that nothing else listens on that address',
  })
}

/** `unshare` ignores SIGTERM while it waits, and a test host has nothing to save: SIGKILL, whatever holds it. */
async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return
  const exited = new Promise((resolve) => child.once('exit', resolve))
  child.kill('SIGKILL')
  await exited
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))))
    })
  })
}
