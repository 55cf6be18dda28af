import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, rm, symlink } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { sshArgs, TestHosts, waitUntilReachable } from '../../../helpers/hosts/test-hosts.ts'
import { nixEnvironment } from '../../../helpers/process/nix.ts'
import { assertSucceeded, runChecked, runCommand } from '../../../helpers/process/run-command.ts'

const namespaces = () => execFileSync('ip', ['netns', 'list'], { encoding: 'utf8' })
const links = () => execFileSync('ip', ['-o', 'link', 'show'], { encoding: 'utf8' })
const alive = (pid: number) => {
  try {
    process.kill(pid, 0)
    return !/^\S+ \(.*\) Z/.test(execFileSync('cat', [`/proc/${pid}/stat`], { encoding: 'utf8' }))
  } catch {
    return false
  }
}

describe.each(['namespace', 'loopback'] as const)('TestHosts (%s)', (mode) => {
  test('two real sshd hosts, each with its own store; teardown leaves no process, namespace or file', { timeout: 180_000 }, async () => {
    const before = namespaces()
    const hosts = await TestHosts.start(2, { mode })
    const [first, second] = hosts.hosts
    try {
      expect(first!.address === second!.address && first!.port === second!.port, 'distinct endpoints').toBe(false)
      const remoteStore = await runChecked({ file: 'ssh', args: sshArgs(first!, 'echo $NIX_REMOTE'), timeoutMs: 10_000 })
      expect(remoteStore.trim()).toBe(`local?root=${first!.storeRoot}`)
      // A copy really lands in the host's own store.
      const path = (await runChecked({ file: 'nix', args: ['eval', '--raw', '--impure', '--expr', 'builtins.toFile "flakebench-copy-test" "hello"'], env: nixEnvironment({ offline: true }), timeoutMs: 30_000 })).trim()
      await runChecked({ file: 'nix-copy-closure', args: ['--to', `${first!.user}@${first!.address}`, path], env: { NIX_SSHOPTS: first!.sshOptions.join(' ') }, timeoutMs: 30_000 })
      await runChecked({ file: 'ssh', args: sshArgs(first!, `nix-store --check-validity ${path}`), timeoutMs: 10_000 })
      expect(existsSync(`${first!.storeRoot}${path}`), 'the path is in host-1\'s store').toBe(true)
      expect(existsSync(`${second!.storeRoot}${path}`), 'and not in host-2\'s').toBe(false)
    } finally {
      await hosts.dispose()
    }
    for (const host of hosts.hosts) expect(alive(host.sshdPid), `sshd ${host.sshdPid} stopped`).toBe(false)
    expect(namespaces()).toBe(before)
    // The kernel deletes a namespace's devices after its last process is gone, not at once.
    for (const host of hosts.hosts) if (host.link) await expect.poll(links, { message: `veth ${host.link} gone with its namespace` }).not.toContain(`${host.link}@`)
    expect(existsSync(hosts.dir)).toBe(false)
  })
})

describe('faults', () => {
  test('an sshd that cannot start is a clear error naming the host, and nothing is left behind', { timeout: 180_000 }, async () => {
    const before = namespaces()
    await expect(TestHosts.start(1, { extraSshdConfig: ['NoSuchOption yes'] })).rejects.toThrow(/^sshd for host-1 did not start: .*Bad configuration option: NoSuchOption/s)
    expect(namespaces()).toBe(before)
  })

  test('a remote Nix without nix-store and nix-daemon beside it is refused, saying what to name, and no namespace is left behind', { timeout: 180_000 }, async () => {
    const before = namespaces()
    const lonely = await mkdtemp(join(tmpdir(), 'flakebench-lonely-nix-'))
    try {
      await symlink(execFileSync('sh', ['-c', 'command -v nix'], { encoding: 'utf8' }).trim(), join(lonely, 'nix'))
      const started = TestHosts.start(1, { mode: 'loopback', remoteNix: { label: 'lonely', path: join(lonely, 'nix') } })
      await expect(started).rejects.toThrow(`the remote Nix "lonely" (${join(lonely, 'nix')}) has no nix-store or nix-daemon beside it`)
      await expect(started).rejects.toThrow('name the `nix` of a complete Nix installation')
    } finally {
      await rm(lonely, { recursive: true })
    }
    expect(namespaces()).toBe(before)
  })

  test('a refused key and a host with nothing listening: errors name the host and ssh\'s reason', { timeout: 180_000 }, async () => {
    const hosts = await TestHosts.start(1, { mode: 'loopback' })
    try {
      const host = hosts.hosts[0]!
      const wrongKey = { ...host, sshOptions: host.sshOptions.map((option) => (option.endsWith('client_key') ? `${hosts.dir}/host-1/host_key` : option)) }
      await expect(waitUntilReachable(wrongKey, 1_500)).rejects.toThrow(/^test host host-1 \(127\.0\.0\.1:\d+\) did not answer ssh within 1500 ms: .*Permission denied/)
      const nobody = { ...host, port: 1, sshOptions: host.sshOptions.map((option, index, all) => (all[index - 1] === '-p' ? '1' : option)) }
      await expect(waitUntilReachable(nobody, 1_500)).rejects.toThrow(/did not answer ssh within 1500 ms: .*Connection refused/)
    } finally {
      await hosts.dispose()
    }
  })
})

test('a host whose store is full: the copy fails with the cause and the address, within its timeout', { timeout: 180_000 }, async () => {
  // Loopback: a mount made now is seen by its sshd (a network namespace's sshd has a mount namespace of its own).
  const hosts = await TestHosts.start(1, { mode: 'loopback' })
  const host = hosts.hosts[0]!
  const scratch = await mkdtemp(join(tmpdir(), 'flakebench-full-'))
  await mkdir(host.storeRoot, { recursive: true })
  await runChecked({ file: 'mount', args: ['-t', 'tmpfs', '-o', 'size=256k', 'tmpfs', host.storeRoot], timeoutMs: 10_000 })
  try {
    const env = nixEnvironment({ offline: true })
    // A 1 MiB path in a store of the test's own, too big for the host's 256 KiB store.
    const path = (await runChecked({
      file: 'nix', args: ['eval', '--raw', '--store', `local?root=${scratch}`, '--impure', '--expr', 'builtins.toFile "big" (builtins.concatStringsSep "" (builtins.genList (i: "0123456789abcdef") 65536))'], env, timeoutMs: 30_000,
    })).trim()
    const spec = { file: 'nix', args: ['copy', '--from', `local?root=${scratch}`, '--to', `ssh-ng://${host.user}@${host.address}`, '--no-check-sigs', path], env: { ...env, NIX_SSHOPTS: host.sshOptions.join(' ') }, timeoutMs: 30_000 }
    const run = await runCommand(spec)
    expect(() => assertSucceeded(spec, run)).toThrow(new RegExp(`ssh-ng://${host.user}@${host.address.replaceAll('.', '\\.')}.*failed with exit code 1:[\\s\\S]*No space left on device`))
  } finally {
    await runCommand({ file: 'umount', args: [host.storeRoot], timeoutMs: 10_000 })
    await rm(scratch, { recursive: true, force: true })
    await hosts.dispose()
  }
})
