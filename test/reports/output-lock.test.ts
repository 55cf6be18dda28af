import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { execa } from 'execa'
import { afterEach, beforeEach, expect, test } from 'vitest'
import { ResultsFileError } from '../../helpers/errors.ts'
import { acquireOutputLock, releaseOutputLock } from '../../reports/output-lock.ts'

let dir: string
let results: string
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'flakebench-lock-'))
  results = join(dir, 'performance-results.json')
})
afterEach(() => rm(dir, { recursive: true, force: true }))

test('a run takes <results>.lock with its PID, may take it again (watch mode), and removes it', async () => {
  const lock = acquireOutputLock(results)
  expect(lock).toBe(`${results}.lock`)
  expect(await readFile(lock, 'utf8')).toBe(`${process.pid}\n`)
  expect(acquireOutputLock(results)).toBe(lock)
  releaseOutputLock(lock)
  await expect(readFile(lock, 'utf8')).rejects.toThrow(/ENOENT/)
})

test('a lock held by a running process is refused with its PID and the file, and left alone', async () => {
  const holder = execa('sleep', ['30'])
  try {
    await writeFile(`${results}.lock`, `${holder.pid}\n`)
    expect(() => acquireOutputLock(results)).toThrow(ResultsFileError)
    expect(() => acquireOutputLock(results)).toThrow(
      `another flakebench run (PID ${holder.pid}) is writing ${results}: ${results}.lock is held\n→ wait for it to finish, or give this run other output paths (output in your config, flakebench.config.ts or .json); if PID ${holder.pid} is not flakebench, delete ${results}.lock`,
    )
    releaseOutputLock(`${results}.lock`)
    expect(await readFile(`${results}.lock`, 'utf8'), 'another process\'s lock is never removed').toBe(`${holder.pid}\n`)
  } finally {
    holder.kill('SIGKILL')
    await holder.catch(() => undefined)
  }
})

test.each([
  ['a process that has exited', async () => {
    const exited = execa('true')
    await exited
    return String(exited.pid)
  }],
  ['no PID at all (a run that died while creating it)', async () => ''],
])('a lock left by %s is taken over', async (_, holder) => {
  await writeFile(`${results}.lock`, `${await holder()}\n`)
  const lock = acquireOutputLock(results)
  expect(await readFile(lock, 'utf8')).toBe(`${process.pid}\n`)
  releaseOutputLock(lock)
})

test('an output directory that cannot be created is an error before anything runs', async () => {
  await writeFile(join(dir, 'reports'), 'a file where the directory should be')
  expect(() => acquireOutputLock(join(dir, 'reports', 'performance-results.json'))).toThrow(
    /^cannot write .*\/reports\/performance-results\.json: creating .*\/reports\/performance-results\.json\.lock failed: EEXIST: file already exists, mkdir .*\/reports'\n→ make the output directory writable/,
  )
})
