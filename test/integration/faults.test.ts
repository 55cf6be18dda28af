import { execFileSync } from 'node:child_process'
import { randomBytes, randomUUID } from 'node:crypto'
import { existsSync } from 'node:fs'
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { storeUri } from '../../helpers/builds/build-workspace.ts'
import { sshArgs, TestHosts } from '../../helpers/hosts/test-hosts.ts'
import { nixEnvironment } from '../../helpers/process/nix.ts'
import { assertSucceeded, runChecked, runCommand, runLanes, type CommandSpec } from '../../helpers/process/run-command.ts'
import { readResults, writeFileAtomic } from '../../reports/results-file.ts'
import { benchWorkspace, runBench, startBench, type BenchRun, type StartedBench } from './bench-run.ts'
import { descendants, stillRunning, type ProcessId } from './process-tree.ts'

/*
 * The fault matrix (docs/outputs-and-ci.md, "Interrupts, concurrent runs and faults"), one describe per row, each against the real code paths. Rows tested elsewhere:
 * - a command that hangs is killed at its timeout with its whole process tree:
 *   test/helpers/process/run-command.test.ts ("a hung command is killed at its timeout together with every process it started");
 * - invalid config, one `path: message` line per problem: test/helpers/config/load.test.ts (here: the same through a run);
 * - a corrupt or other-version results, baseline or history file: test/reports/results-file.test.ts, test/reports/history.test.ts,
 *   test/integration/flake-evaluation.test.ts ("a corrupt baseline is a clear error …") (here: history and baseline through a run);
 * - a host whose store is full: test/helpers/hosts/test-hosts.test.ts.
 */

/** The fault benches of test/integration/fault-benches/bench, run as `vitest bench --dir test/integration/fault-benches`. */
const FAULT_BENCH = { args: ['--dir', 'test/integration/fault-benches'], files: ['interrupt'] }

let workspace: Awaited<ReturnType<typeof benchWorkspace>>
beforeAll(async () => { workspace = await benchWorkspace() })
afterAll(() => workspace.dispose())

/** What the interrupt fixture started, written when its long command is about to run. */
interface Probe {
  hostPids: number[]
  links: Array<string | null>
  hostsDir: string
}

/** Runs a test's steps against a started run, which is stopped (gracefully, then not) if a step fails. */
async function withRun<T>(started: StartedBench, steps: () => Promise<T>): Promise<T> {
  try {
    return await steps()
  } catch (error) {
    const signal = (name: NodeJS.Signals) => { try { process.kill(started.pid, name) } catch { /* already gone */ } }
    signal('SIGTERM')
    const timer = setTimeout(() => signal('SIGKILL'), 20_000)
    await started.finished
    clearTimeout(timer)
    throw error
  }
}

async function probeOf(file: string, started: StartedBench): Promise<Probe> {
  let finished: BenchRun | undefined
  void started.finished.then((run) => { finished = run })
  await expect.poll(() => {
    if (finished) throw new Error(`the run ended before its hosts were up (exit ${finished.exitCode}):\n${finished.output}`)
    return existsSync(file)
  }, { timeout: 60_000, interval: 100 }).toBe(true)
  return JSON.parse(await readFile(file, 'utf8')) as Probe
}

/** Processes whose environment holds `marker`, as "PID command line" (Linux /proc; a zombie has no environment). */
async function processesWith(marker: string): Promise<string[]> {
  const found: string[] = []
  for (const pid of (await readdir('/proc')).filter((name) => /^\d+$/.test(name))) {
    const environ = await readFile(`/proc/${pid}/environ`, 'latin1').catch(() => '')
    if (environ.includes(marker)) found.push(`${pid} ${(await readFile(`/proc/${pid}/cmdline`, 'latin1').catch(() => '')).replaceAll('\0', ' ')}`)
  }
  return found
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0)
  } catch {
    return false
  }
  const stat = execFileSync('cat', [`/proc/${pid}/stat`], { encoding: 'utf8' })
  return !stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z')
}

const links = () => execFileSync('ip', ['-o', 'link', 'show'], { encoding: 'utf8' })

interface InterruptCase {
  signal: NodeJS.Signals
  /** Sent to the process group the run leads instead of its PID alone. */
  group: boolean
  /** Through `npm run <script>`, whose PID is the one signalled; else vitest itself. */
  npmScript?: string
}

/**
 * Starts the interrupt fixture, waits until its hosts, proxy and long remote command are up, signals the run and
 * waits for its end. Returns the run, what the fixture started, and every process below the signalled PID just
 * before the signal.
 */
async function interruptRun(name: string, { signal, group, npmScript }: InterruptCase) {
  const dir = join(workspace.dir, name)
  const tmpdir = join(dir, 'tmp')
  await mkdir(tmpdir, { recursive: true })
  // Every process the run starts inherits it, so any that survives the run can be found.
  const runMarker = `FLAKEBENCH_FAULT_RUN=${randomUUID()}`
  const probe = join(dir, 'probe.json')
  const started = await startBench(dir, { iterations: 2 }, {
    ...FAULT_BENCH, tmpdir, detached: group, npmScript,
    env: { FLAKEBENCH_FAULT_PROBE: probe, FLAKEBENCH_FAULT_RUN: runMarker.split('=')[1]! },
  })
  const { probed, tree } = await withRun(started, async () => {
    const probed = await probeOf(probe, started)
    // Signalled while the bench's ssh command runs: hosts, proxy and the remote command are all up.
    await expect.poll(() => processesWith(probed.hostsDir), { timeout: 10_000 }).toEqual([expect.stringContaining('sleep 600')])
    const tree = await descendants(started.pid)
    process.kill(group ? -started.pid : started.pid, signal)
    return { probed, tree }
  })
  return { run: await endOf(started, tree), probed, tree, runMarker, tmpdir }
}

/** How long a signalled run may take to stop; a stop takes 1–3 s here, so only a run that ignored the signal hits it. */
const STOP_DEADLINE_MS = 60_000

/** The run's end; a run that does not stop by the deadline is killed with every process of `tree`, and fails the test. */
async function endOf(started: StartedBench, tree: ProcessId[]): Promise<BenchRun> {
  let timer: NodeJS.Timeout | undefined
  const deadline = new Promise<'deadline'>((resolve) => { timer = setTimeout(() => resolve('deadline'), STOP_DEADLINE_MS) })
  const ended = await Promise.race([started.finished, deadline])
  clearTimeout(timer)
  if (ended !== 'deadline') return ended
  for (const { pid } of await stillRunning(tree)) { try { process.kill(pid, 'SIGKILL') } catch { /* already gone */ } }
  const run = await started.finished
  throw new Error(`the run did not stop within ${STOP_DEADLINE_MS / 1000} s of the signal; killed it:\n${run.output}`)
}

/** The interrupted run kept what finished, released its lock, and left no process, host, veth or directory. */
async function expectStoppedCleanly({ run, probed, tree, runMarker, tmpdir }: Awaited<ReturnType<typeof interruptRun>>): Promise<void> {
  expect(run.output).toContain(`flakebench: wrote ${run.resultsJson}`)
  const results = await readResults(run.resultsJson)
  expect(results.run.status).toBe('interrupted')
  expect(results.benchmarks.find((bench) => bench.id === 'fault/finished'), 'the bench that finished is kept with its samples').toMatchObject({ status: 'measured', samples: [{ exitCode: 0 }, { exitCode: 0 }] })
  // Failed "… was interrupted" when its outcome was recorded before the run ended, else skipped by the cancel.
  const interrupted = results.benchmarks.find((bench) => bench.id === 'fault/interrupted' || bench.name === 'holds test hosts until interrupted')
  expect(interrupted?.status === 'failed' ? interrupted.error.message : interrupted?.status === 'skipped' ? interrupted.reason : interrupted).toMatch(/ sleep 600` was interrupted$|^The test run was aborted by the user\.$/)
  expect(await readFile(run.markdown, 'utf8')).toContain('interrupted (the benches that finished are kept)')
  expect(existsSync(`${run.resultsJson}.lock`), 'the output lock is released').toBe(false)

  expect(tree.map(({ command }) => command), 'the tree signalled holds vitest, its worker, the hosts and the command').toEqual(expect.arrayContaining(['sshd', 'ssh']))
  await expect.poll(() => stillRunning(tree), { timeout: 10_000, message: 'every process below the signalled one has ended' }).toEqual([])
  await expect.poll(() => processesWith(runMarker), { timeout: 5_000 }).toEqual([])
  expect(await processesWith(probed.hostsDir), 'nothing left running on the hosts').toEqual([])
  for (const pid of probed.hostPids) expect(isRunning(pid), `host process ${pid}`).toBe(false)
  for (const link of probed.links) await expect.poll(links, { message: 'veth pairs gone with the hosts\' network namespaces' }).not.toContain(`${link}@`)
  expect(existsSync(probed.hostsDir), 'host stores and keys removed').toBe(false)
  // npm's own module compile cache (npm/lib/cli.js enables it), kept in TMPDIR by design: not the run's.
  expect((await readdir(tmpdir)).filter((name) => name !== 'node-compile-cache'), 'no temporary directory left').toEqual([])
}

describe('SIGINT / SIGTERM during a run: finished benches kept, everything started removed, exit non-zero', () => {
  test.each([
    { signal: 'SIGINT' as const, to: 'the whole process group, as Ctrl+C in a terminal', group: true, exitCode: 130 },
    { signal: 'SIGTERM' as const, to: 'the vitest process alone, as a CI runner cancelling a job', group: false, exitCode: 143 },
  ])('$signal to $to', { timeout: 90_000 }, async ({ signal, group, exitCode }) => {
    const interrupted = await interruptRun(signal, { signal, group })
    expect(interrupted.run.exitCode, interrupted.run.output).toBe(exitCode)
    expect(interrupted.run.output).toContain(`flakebench: ${signal}: stopping the running bench`)
    await expectStoppedCleanly(interrupted)
  })
})

// npm forwards SIGINT and SIGTERM to its script's process; the scripts `exec` vitest, so that it is vitest that
// gets them (through `sh -c` the shell died of SIGTERM and deferred SIGINT, and vitest ran on orphaned).
describe('SIGINT / SIGTERM to the npm process of `npm run bench`: the same graceful stop, npm exits with the signal\'s code', () => {
  test.each([
    { signal: 'SIGTERM' as const, to: 'npm alone, as `timeout` and supervisors send it', group: false, exitCode: 143 },
    { signal: 'SIGINT' as const, to: 'npm alone', group: false, exitCode: 130 },
    { signal: 'SIGINT' as const, to: 'npm\'s whole process group, as Ctrl+C (vitest gets it from the terminal and from npm: one interrupt)', group: true, exitCode: 130 },
  ])('$signal to $to', { timeout: 120_000 }, async ({ signal, group, exitCode }) => {
    const interrupted = await interruptRun(`npm-${signal}-${group ? 'group' : 'alone'}`, { signal, group, npmScript: 'bench' })
    expect(interrupted.run.exitCode, interrupted.run.output).toBe(exitCode)
    expect(interrupted.run.output).toContain(`flakebench: ${signal}: stopping the running bench`)
    await expectStoppedCleanly(interrupted)
  })

  test('SIGKILL to npm alone: the run notices that its parent is gone and stops as on SIGTERM', { timeout: 120_000 }, async () => {
    const interrupted = await interruptRun('npm-SIGKILL', { signal: 'SIGKILL', group: false, npmScript: 'bench' })
    expect(interrupted.run.output).toMatch(/flakebench: the process that started this run \(PID \d+\) is gone; stopping the run as on SIGTERM/)
    expect(interrupted.run.output).toContain('flakebench: SIGTERM: stopping the running bench')
    await expectStoppedCleanly(interrupted)
  })
})

describe('two runs at once on the same output: the second refuses (a lock)', () => {
  test('the second run names the first one\'s PID and the lock file and measures nothing; the first is unaffected', { timeout: 90_000 }, async () => {
    const dir = join(workspace.dir, 'lock')
    const probe = join(dir, 'probe.json')
    await mkdir(join(dir, 'second'), { recursive: true })
    const first = await startBench(dir, { iterations: 1 }, { ...FAULT_BENCH, env: { FLAKEBENCH_FAULT_PROBE: probe } })
    const resultsJson = join(dir, 'performance-results.json')
    await withRun(first, async () => {
      await probeOf(probe, first)
      const second = await runBench(join(dir, 'second'), { iterations: 1 }, { files: ['bench/harness-floor.bench.ts'], outputDir: dir })
      expect(second.exitCode, second.output).toBe(1)
      expect(second.output).toContain(`another flakebench run (PID ${first.pid}) is writing ${resultsJson}: ${resultsJson}.lock is held`)
      expect(second.output).not.toContain('harness floor')
      expect(existsSync(resultsJson), 'the refused run wrote nothing').toBe(false)
      process.kill(first.pid, 'SIGTERM')
    })
    const firstRun = await first.finished
    expect(firstRun.exitCode, firstRun.output).toBe(143)
    expect(firstRun.output).toContain(`flakebench: wrote ${resultsJson}`)
    expect((await readResults(resultsJson)).benchmarks.map((bench) => bench.id)).toContain('fault/finished')
    expect(existsSync(`${resultsJson}.lock`)).toBe(false)
  })
})

describe('output directory not writable, disk full: a clear error, nothing half-written', () => {
  // chmod does not stop root: a read-only mount does. A 16 KiB tmpfs fills up with a few small files.
  const mounts: string[] = []
  const previous = { results: `${JSON.stringify({ previous: 'x'.repeat(2_000) })}\n`, markdown: '# the previous report\n' }
  let full: string
  let readOnly: string
  beforeAll(async () => {
    full = join(workspace.dir, 'full')
    readOnly = join(workspace.dir, 'read-only')
    for (const [dir, size] of [[full, '16k'], [readOnly, '1m']] as const) {
      await mkdir(dir)
      await runChecked({ file: 'mount', args: ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir], timeoutMs: 10_000 })
      mounts.push(dir)
      await writeFile(join(dir, 'performance-results.json'), previous.results)
      await writeFile(join(dir, 'PERFORMANCE.md'), previous.markdown)
    }
    await runChecked({ file: 'mount', args: ['-o', 'remount,ro', readOnly], timeoutMs: 10_000 })
  })
  afterAll(async () => {
    for (const dir of mounts) await runCommand({ file: 'umount', args: [dir], timeoutMs: 10_000 })
  })

  async function expectPreviousIntact(dir: string): Promise<void> {
    expect(await readFile(join(dir, 'performance-results.json'), 'utf8'), 'previous results intact').toBe(previous.results)
    expect(await readFile(join(dir, 'PERFORMANCE.md'), 'utf8'), 'previous report intact').toBe(previous.markdown)
    expect((await readdir(dir)).filter((name) => name.endsWith('.tmp') || name.endsWith('.lock')), 'no temporary file or lock left').toEqual([])
  }

  test.each([
    ['a full disk', () => full, /ENOSPC: no space left on device/],
    ['a read-only mount', () => readOnly, /EROFS: read-only file system/],
  ])('writeFileAtomic to %s: the error names the file and the cause, the old file stays whole', async (_, dir, cause) => {
    const path = join(dir(), 'performance-results.json')
    const error = await writeFileAtomic(path, 'y'.repeat(64 * 1024)).catch((caught: unknown) => caught as Error)
    expect(error?.message).toMatch(new RegExp(`^cannot write ${path}: `))
    expect(error?.message).toMatch(cause)
    expect(error?.message).toContain('→ make the output directory writable and give it free space')
    await expectPreviousIntact(dir())
  })

  test('a run whose output disk fills up: it measures, then fails with the cause; the previous results stay whole', { timeout: 60_000 }, async () => {
    const run = await runBench(join(workspace.dir, 'full-run'), { iterations: 1 }, { files: ['bench/harness-floor.bench.ts'], outputDir: full })
    expect(run.exitCode, run.output).toBe(1)
    expect(run.output).toMatch(new RegExp(`flakebench: cannot write ${join(full, 'performance-results.json')}: ENOSPC: no space left on device`))
    await expectPreviousIntact(full)
  })

  test('a run whose output directory is read-only is refused before it measures anything', { timeout: 60_000 }, async () => {
    const run = await runBench(join(workspace.dir, 'read-only-run'), { iterations: 1 }, { files: ['bench/harness-floor.bench.ts'], outputDir: readOnly })
    const resultsJson = join(readOnly, 'performance-results.json')
    expect(run.exitCode, run.output).toBe(1)
    expect(run.output).toContain(`cannot write ${resultsJson}: creating ${resultsJson}.lock failed: EROFS: read-only file system`)
    expect(run.output).not.toContain('harness floor')
    await expectPreviousIntact(readOnly)
  })
})

describe('a command that fails: a clear error with its stderr tail; the other benches still run and are reported', () => {
  test('a host of the flake that does not evaluate fails its bench; the next host and the harness floor are measured', { timeout: 60_000 }, async () => {
    const dir = join(workspace.dir, 'failing')
    const flake = join(dir, 'flake')
    await mkdir(flake, { recursive: true })
    await writeFile(join(flake, 'flake.nix'), `{
  outputs = { self }: {
    nixosConfigurations.broken.config.system.build.toplevel = throw "flakebench fault: this host does not evaluate";
    nixosConfigurations.good.config.system.build.toplevel = derivation { name = "good"; system = "x86_64-linux"; builder = "/bin/sh"; };
  };
}
`)
    const run = await runBench(dir, {
      flake,
      hosts: ['broken', 'good'].map((name) => ({ name, attr: `nixosConfigurations.${name}.config.system.build.toplevel` })),
      iterations: 2,
    }, { files: ['bench/harness-floor.bench.ts', 'bench/flake-evaluation.bench.ts'], args: ['-t', 'harness floor|drvPath'] })
    expect(run.exitCode, run.output).toBe(1)
    const results = await readResults(run.resultsJson)
    const byId = Object.fromEntries(results.benchmarks.map((bench) => [bench.id, bench]))
    const broken = byId['flake-evaluation/host-evaluation/broken']
    expect(broken).toMatchObject({ status: 'failed', error: { message: expect.stringMatching(/^`nix eval --raw .*#nixosConfigurations\.broken\.config\.system\.build\.toplevel\.drvPath` failed with exit code 1/) } })
    expect(broken?.status === 'failed' && broken.error.stderrTail).toContain('error: flakebench fault: this host does not evaluate')
    expect(byId['flake-evaluation/host-evaluation/good'], 'the host after the failed one').toMatchObject({ status: 'measured', samples: [{ exitCode: 0 }, { exitCode: 0 }] })
    expect(byId['harness/floor'], 'another bench file of the run').toMatchObject({ status: 'measured' })
    expect(await readFile(run.markdown, 'utf8')).toContain('flakebench fault: this host does not evaluate')
  })
})

describe('invalid config, corrupt or other-version history and baseline: clear errors, files never overwritten', () => {
  test('an invalid config stops the run with one `path: message` line per problem', { timeout: 60_000 }, async () => {
    const run = await runBench(join(workspace.dir, 'invalid'), { iterations: 0, timeoutMs: 'soon', colour: 'blue' }, { files: ['bench/harness-floor.bench.ts'] })
    expect(run.exitCode, run.output).toBe(1)
    expect(run.output).toMatch(/is not a valid flakebench config:\n {2}iterations: Too small: expected number to be >0\n {2}timeoutMs: Invalid input: expected number, received string\n {2}\(top level\): Unrecognized key: "colour"\n→ fix the fields listed above/)
    expect(existsSync(join(workspace.dir, 'invalid', 'performance-results.json'))).toBe(false)
  })

  test('a corrupt history and a baseline of another schema version: both named, both left as they were; the results are still written', { timeout: 60_000 }, async () => {
    const dir = join(workspace.dir, 'corrupt')
    await mkdir(dir)
    const history = '{"schemaVersion": 1, "startedAt": "trunc\n'
    const baseline = '{"schemaVersion": 99}\n'
    await writeFile(join(dir, 'history.jsonl'), history)
    await writeFile(join(dir, 'baseline.json'), baseline)
    const run = await runBench(dir, { iterations: 1 }, { files: ['bench/harness-floor.bench.ts'] })
    expect(run.exitCode, run.output).toBe(1)
    expect(run.output).toContain(`flakebench: ${join(dir, 'baseline.json')} has schemaVersion 99, this flakebench reads version 1`)
    expect(run.output).toContain(`flakebench: ${join(dir, 'history.jsonl')} line 1 is not valid JSON`)
    expect(await readFile(join(dir, 'history.jsonl'), 'utf8')).toBe(history)
    expect(await readFile(join(dir, 'baseline.json'), 'utf8')).toBe(baseline)
    expect((await readResults(run.resultsJson)).run).toMatchObject({ status: 'failed', errors: [expect.stringContaining('schemaVersion 99'), expect.stringContaining('line 1 is not valid JSON')] })
  })
})

describe('a test host that dies mid-copy: that copy fails naming the host, the others continue', () => {
  test('two hosts copied to in parallel (as the fleet bench does); one is killed while its copy runs', { timeout: 60_000 }, async () => {
    const dir = join(workspace.dir, 'dying-host')
    await mkdir(dir)
    const hosts = await TestHosts.start(2)
    try {
      const [dying, surviving] = hosts.hosts as [typeof hosts.hosts[0], typeof hosts.hosts[0]]
      // 32 MiB of random bytes: a copy that takes long enough to be cut, and that no compression shortens.
      const payload = join(dir, 'payload')
      await writeFile(payload, randomBytes(32 * 1024 * 1024))
      const clientStore = join(dir, 'client-store')
      const env = nixEnvironment({ offline: true })
      const path = (await runChecked({ file: 'nix-store', args: ['--store', storeUri(clientStore), '--add', payload], env, timeoutMs: 60_000 })).trim()
      const copyTo = (host: typeof dying): CommandSpec => ({
        file: 'nix', args: ['copy', '--from', storeUri(clientStore), '--to', `ssh-ng://${host.user}@${host.address}`, '--no-check-sigs', path],
        env: { ...env, NIX_SSHOPTS: host.sshOptions.join(' ') }, timeoutMs: 60_000, label: `copy to ${host.name}`,
      })
      // The host dies once its side of the copy has opened its store: the copy is under way.
      const killed = (async () => {
        await expect.poll(() => existsSync(join(dying.storeRoot, 'nix', 'var', 'nix', 'db')), { timeout: 30_000, interval: 10 }).toBe(true)
        process.kill(dying.sshdPid, 'SIGKILL')
      })()
      const started = performance.now()
      const [first, second] = await runLanes([[copyTo(dying)], [copyTo(surviving)]])
      await killed
      expect(performance.now() - started, 'the failed copy ends at once, not at its timeout').toBeLessThan(30_000)

      expect(() => assertSucceeded(first!.spec, first!.run)).toThrow(new RegExp(`^copy to ${dying.name}: \`nix copy .*ssh-ng://${dying.user}@${dying.address.replaceAll('.', '\\.')} .*failed with exit code 1:\\n[\\s\\S]*(end-of-file|Broken pipe|Connection)`))
      const onDying = await runCommand({ file: 'nix-store', args: ['--store', storeUri(dying.storeRoot), '--check-validity', path], env, timeoutMs: 30_000 })
      expect(onDying.sample.exitCode, 'the dead host never received the whole path').not.toBe(0)
      expect(second!.run.sample.exitCode, second!.run.stderr).toBe(0)
      await runChecked({ file: 'ssh', args: sshArgs(surviving, `nix-store --check-validity ${path}`), timeoutMs: 30_000 })
    } finally {
      await hosts.dispose()
    }
  })
})
