import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, test } from 'vitest'
import { CommandError } from '../../../helpers/errors.ts'
import { assertSucceeded, runCommand, type CommandSpec } from '../../../helpers/process/run-command.ts'

/** A process is gone when signalling it fails, or it is a zombie waiting for its (foreign) parent to reap it. */
async function isGone(pid: number): Promise<boolean> {
  try {
    process.kill(pid, 0)
  } catch {
    return true
  }
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '')
  return stat === '' || stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z')
}

let scratch: string | undefined
afterEach(async () => {
  if (scratch) await rm(scratch, { recursive: true, force: true })
  scratch = undefined
})

describe('runCommand', { timeout: 30_000 }, () => {
  // The first command of a process waits for GNU time's cost to be estimated: up to a few seconds on a busy machine.
  test('measures a successful command: wall time, CPU, peak RSS, exit code and output', { timeout: 30_000 }, async () => {
    const run = await runCommand({ file: 'sh', args: ['-c', 'printf out; printf err >&2'], timeoutMs: 10_000 })
    expect(run.sample.exitCode, 'exit code').toBe(0)
    expect(run.stdout, 'stdout').toBe('out')
    expect(run.stderr, 'stderr').toBe('err')
    // Spawn to exit is a duration; the sample is exactly that less the wrapper's estimated cost, which may leave a
    // short command within the resolution of 0 (or a little below it): never clamped, so never a false 0.
    expect(run.rawWallMs, 'spawn to exit').toBeGreaterThan(0)
    expect(run.sample.wallMs, 'wall time less the subtracted cost').toBe(run.rawWallMs - (run.resolution.wrapperCost?.costMs ?? 0))
    expect(run.resolution.resolutionMs, 'resolution: at least the clock tick').toBeGreaterThanOrEqual(run.resolution.timerGranularityMs)
    expect(run.sample.peakRssKb, 'peak RSS from GNU time').toBeGreaterThan(0)
    expect(run.sample.userCpuMs, 'user CPU from GNU time').not.toBeNull()
  })

  test('an injected delay shows in full: sleep 0.2 reads at least 200 ms before the subtraction, and the subtraction is the same constant', { timeout: 30_000 }, async () => {
    const run = await runCommand({ file: 'sleep', args: ['0.2'], timeoutMs: 10_000 })
    const trivial = await runCommand({ file: 'true', args: [], timeoutMs: 10_000 })
    expect(run.rawWallMs).toBeGreaterThanOrEqual(200)
    expect(trivial.resolution, 'estimated once per process').toEqual(run.resolution)
    expect(run.sample.wallMs - trivial.sample.wallMs, 'the difference is raw minus raw: the delay, the wrappers cancel').toBeCloseTo(run.rawWallMs - trivial.rawWallMs, 9)
  })

  test('passes arguments literally, without a shell', async () => {
    const literal = 'a; echo injected $(id) `id` "q" \'s\'\nnext'
    const run = await runCommand({ file: 'printf', args: ['%s', literal], timeoutMs: 10_000 })
    expect(run.stdout).toBe(literal)
  })

  test('a failing command is data; assertSucceeded turns it into an error with the stderr tail', async () => {
    const spec: CommandSpec = { file: 'sh', args: ['-c', 'echo first >&2; echo "the real problem" >&2; exit 3'], timeoutMs: 10_000 }
    const run = await runCommand(spec)
    expect(run.sample.exitCode).toBe(3)
    expect(() => assertSucceeded(spec, run)).toThrow(CommandError)
    expect(() => assertSucceeded(spec, run)).toThrow(/failed with exit code 3:\nfirst\nthe real problem/)
    expect(() => assertSucceeded(spec, run), 'how it ended, as fields').toThrow(expect.objectContaining({
      command: ['sh', '-c', spec.args[1]], exitCode: 3, timedOut: false, interrupted: false, stderrTail: 'first\nthe real problem',
    }))
  })

  test('a failure text\'s hint becomes the error\'s hint, apart from the stderr tail', async () => {
    const spec: CommandSpec = { file: 'sh', args: ['-c', 'exit 1'], timeoutMs: 10_000 }
    const run = await runCommand(spec)
    expect(() => assertSucceeded(spec, run, { text: 'no shell', hint: 'install it' })).toThrow(expect.objectContaining({ stderrTail: 'no shell', hint: 'install it' }))
  })

  test('a hung command is killed at its timeout together with every process it started', async () => {
    scratch = await mkdtemp(join(tmpdir(), 'flakebench-test-'))
    const pidFile = join(scratch, 'background.pid')
    const spec: CommandSpec = { file: 'sh', args: ['-c', `sleep 300 & echo $! > ${pidFile}; sleep 300`], timeoutMs: 500 }
    const started = performance.now()
    const run = await runCommand(spec)
    expect(performance.now() - started, 'killed soon after the timeout').toBeLessThan(15_000)
    expect(run.timedOut).toBe(true)
    expect(() => assertSucceeded(spec, run)).toThrow(/did not finish within 500 ms and was killed with its process tree/)
    expect(() => assertSucceeded(spec, run), 'how it ended, as fields').toThrow(expect.objectContaining({ command: ['sh', '-c', spec.args[1]], timedOut: true, interrupted: false }))
    const backgroundPid = Number(await readFile(pidFile, 'utf8'))
    await expect.poll(() => isGone(backgroundPid), { timeout: 10_000 }).toBe(true)
  })

  test('an abort signal kills the command', async () => {
    const controller = new AbortController()
    setTimeout(() => controller.abort(), 200)
    const run = await runCommand({ file: 'sleep', args: ['300'], timeoutMs: 60_000, signal: controller.signal })
    expect(run.interrupted).toBe(true)
    expect(run.sample.exitCode).not.toBe(0)
  })

  test('a missing program is a failed run, not a crash', async () => {
    const spec: CommandSpec = { file: 'flakebench-no-such-program', args: [], timeoutMs: 10_000 }
    const run = await runCommand(spec)
    expect(run.sample.exitCode).not.toBe(0)
  })
})
