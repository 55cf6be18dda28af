import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { execa } from 'execa'
import { afterEach, expect, test } from 'vitest'

const CLEANUP = fileURLToPath(new URL('../../../helpers/process/cleanup.ts', import.meta.url))

let scratch: string | undefined
afterEach(async () => {
  if (scratch) await rm(scratch, { recursive: true, force: true })
  scratch = undefined
})

/** A Node process that registers one resource, whose disposal appends a line to `log`. */
function processWithResource(log: string) {
  const script = `
    import { appendFileSync } from 'node:fs'
    import { registerCleanup } from ${JSON.stringify(CLEANUP)}
    registerCleanup(async () => appendFileSync(${JSON.stringify(log)}, 'disposed\\n'))
    setInterval(() => {}, 1000)
    console.log('ready')
  `
  return execa(process.execPath, ['--input-type=module', '--eval', script], { reject: false })
}

test('a SIGINT disposes of what is registered and the process lives on; a SIGTERM disposes, then ends it', { timeout: 20_000 }, async () => {
  scratch = await mkdtemp(join(tmpdir(), 'flakebench-cleanup-'))
  const log = join(scratch, 'log')
  const child = processWithResource(log)
  await new Promise((resolve) => child.stdout.once('data', resolve))
  child.kill('SIGINT')
  await expect.poll(() => readFile(log, 'utf8').catch(() => ''), { timeout: 10_000 }).toBe('disposed\n')
  await new Promise((resolve) => setTimeout(resolve, 200))
  expect(child.exitCode, 'still running after SIGINT').toBeNull()
  child.kill('SIGTERM')
  const result = await child
  expect(result.signal).toBe('SIGTERM')
  expect(await readFile(log, 'utf8'), 'disposed again: disposal is safe to repeat').toBe('disposed\ndisposed\n')
})
