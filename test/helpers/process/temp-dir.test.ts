import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { execa } from 'execa'
import { afterEach, expect, test } from 'vitest'
import { createTempDir } from '../../../helpers/process/temp-dir.ts'
import { descendants, stillRunning, type ProcessId } from '../../integration/process-tree.ts'

const PROJECT_ROOT = fileURLToPath(new URL('../../..', import.meta.url))
const helper = (path: string) => JSON.stringify(join(PROJECT_ROOT, 'helpers', path))

let scratch: string | undefined
afterEach(async () => {
  if (scratch) await rm(scratch, { recursive: true, force: true })
  scratch = undefined
})

test('a temporary directory is made under TMPDIR with its prefix and removed by its owner, twice harmlessly', async () => {
  const dir = await createTempDir('flakebench-temp-dir-test-')
  expect(dir.path.startsWith(join(tmpdir(), 'flakebench-temp-dir-test-')), dir.path).toBe(true)
  expect(existsSync(dir.path)).toBe(true)
  await dir.remove()
  expect(existsSync(dir.path)).toBe(false)
  await dir.remove()
})

/**
 * A bench worker in the middle of a sample, in a TMPDIR of the test's own: an EvalCaches directory and a command
 * under GNU time, whose scratch directory holds nothing until the command ends. If the process lives on, it prints
 * whether the command was interrupted.
 */
async function workerWithTempDirs(dir: string, tmp: string) {
  const script = join(dir, 'worker.mjs')
  await writeFile(script, `
    import { EvalCaches } from ${helper('flake/eval-caches.ts')}
    import { runCommand } from ${helper('process/run-command.ts')}
    await EvalCaches.create({ timeoutMs: 60000, offline: true }, '/nonexistent-flake')
    const run = await runCommand({ file: 'sleep', args: ['600'], timeoutMs: 600000 })
    console.log(JSON.stringify({ interrupted: run.interrupted }))
  `)
  // tsx, not Node's type stripping: the helpers use TypeScript-only syntax (parameter properties).
  // Wrapped: a bare execa result is a thenable, which `await` would run to its end.
  return { child: execa(process.execPath, ['--import', 'tsx', script], { cwd: PROJECT_ROOT, env: { TMPDIR: tmp }, extendEnv: true, reject: false }) }
}

/** tsx keeps its compile cache in TMPDIR too: not flakebench's. */
async function flakebenchEntries(dir: string): Promise<string[]> {
  return (await readdir(dir)).filter((name) => name.startsWith('flakebench-'))
}

test.each([
  { signal: 'SIGTERM' as const, outcome: 'it dies of the signal' },
  { signal: 'SIGINT' as const, outcome: 'it lives on, its command interrupted' },
])('$signal to a process whose command is running: the command is stopped, $outcome, and no temporary directory stays', { timeout: 30_000 }, async ({ signal }) => {
  scratch = await mkdtemp(join(tmpdir(), 'flakebench-temp-dir-signal-'))
  const tmp = join(scratch, 'tmp')
  await mkdir(tmp)
  const { child } = await workerWithTempDirs(scratch, tmp)
  let tree: ProcessId[] = []
  await expect.poll(async () => {
    if (child.exitCode !== null) throw new Error(`the process ended early:\n${(await child).stderr}`)
    tree = await descendants(child.pid!)
    return tree.some((process) => process.command === 'sleep')
  }, { timeout: 20_000, interval: 50 }).toBe(true)
  expect((await flakebenchEntries(tmp)).map((name) => name.replace(/-[^-]+$/, '-*')).sort(), 'both directories exist while the command runs').toEqual(['flakebench-eval-*', 'flakebench-time-*'])
  child.kill(signal)
  const result = await child
  if (signal === 'SIGTERM') expect(result.signal, result.stderr).toBe('SIGTERM')
  else expect([result.exitCode, result.stdout], result.stderr).toEqual([0, JSON.stringify({ interrupted: true })])
  await expect.poll(() => stillRunning(tree), { timeout: 10_000, message: 'the command and its wrapper are gone' }).toEqual([])
  expect(await flakebenchEntries(tmp), 'nothing of flakebench\'s left in TMPDIR').toEqual([])
})
