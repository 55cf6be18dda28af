import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { execa } from 'execa'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { readResults } from '../../reports/results-file.ts'
import { PROJECT_ROOT } from './bench-run.ts'
import { descendants, stillRunning } from './process-tree.ts'

/*
 * `flakebench bench` is two processes: the launcher (scripts/flakebench.mjs) and the run it starts. A signal to the
 * launcher alone (a CI runner cancelling the job) or to the terminal's whole group (Ctrl+C) stops the run as
 * `npm run bench` stops (test/integration/faults.test.ts): gracefully, the results written as interrupted, every
 * process gone, the launcher exiting with the signal's code.
 */
let dir: string
beforeAll(async () => { dir = await mkdtemp(join(tmpdir(), 'flakebench-cli-interrupt-')) })
afterAll(() => rm(dir, { recursive: true, force: true }))

/** How long a signalled run may take to stop; it takes seconds, so only a run that ignored the signal hits it. */
const STOP_DEADLINE_MS = 60_000

describe('SIGTERM / SIGINT to flakebench bench: the run stops gracefully and the launcher exits with the signal\'s code', () => {
  test.each([
    { signal: 'SIGTERM' as const, to: 'the launcher alone, as a CI runner cancelling a job', group: false, exitCode: 143 },
    { signal: 'SIGINT' as const, to: 'the whole process group, as Ctrl+C in a terminal', group: true, exitCode: 130 },
  ])('$signal to $to', { timeout: 240_000 }, async ({ signal, group, exitCode }) => {
    const cwd = await mkdtemp(join(dir, `${signal}-`))
    // The run's own TMPDIR: whatever temporary directory it leaves is found, and no other run's is counted.
    const tmp = join(cwd, 'tmp')
    await mkdir(tmp)
    // The embedded fixture, many samples: the run is still evaluating when the signal comes.
    await writeFile(join(cwd, 'flakebench.config.json'), JSON.stringify({ profile: 'quick', iterations: 200 }))
    const run = execa('node', [join(PROJECT_ROOT, 'scripts/flakebench.mjs'), 'bench', 'flake-evaluation'], {
      cwd, env: { NO_COLOR: '1', CI: 'true', TMPDIR: tmp, FLAKEBENCH_CONFIG: undefined, FLAKEBENCH_PROFILE: undefined }, extendEnv: true,
      reject: false, stdin: 'ignore', all: true, detached: group, timeout: 240_000,
    })
    const launcher = run.pid!
    let tree: Awaited<ReturnType<typeof descendants>> = []
    try {
      // Signalled while a bench's nix runs: the run has started its benches, and its handlers are in place.
      await expect.poll(async () => {
        if (run.exitCode !== undefined && run.exitCode !== null) throw new Error(`the run ended before any nix ran:\n${(await run).all}`)
        tree = await descendants(launcher)
        return tree.some((process) => process.command === 'nix')
      }, { timeout: 120_000, interval: 200 }).toBe(true)
      process.kill(group ? -launcher : launcher, signal)
    } catch (error) {
      run.kill('SIGKILL')
      throw error
    }
    const deadline = setTimeout(() => run.kill('SIGKILL'), STOP_DEADLINE_MS)
    const ended = await run
    clearTimeout(deadline)
    expect(ended.exitCode, ended.all).toBe(exitCode)
    expect(ended.all).toContain(`flakebench: ${signal}: stopping the running bench`)
    const results = await readResults(join(cwd, 'performance-results.json'))
    expect(results.run.status).toBe('interrupted')
    expect(existsSync(join(cwd, 'performance-results.json.lock')), 'the output lock is released').toBe(false)
    expect(tree.map((process) => process.command), 'the tree signalled holds the run and its nix').toEqual(expect.arrayContaining(['node', 'nix']))
    await expect.poll(() => stillRunning(tree), { timeout: 10_000, message: 'every process below the launcher has ended' }).toEqual([])
    // Node's and tsx's compile caches live in TMPDIR by design: not the run's.
    expect((await readdir(tmp)).filter((name) => name.startsWith('flakebench-')), 'no temporary directory left').toEqual([])
  })
})
