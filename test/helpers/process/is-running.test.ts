import { spawnSync } from 'node:child_process'
import { expect, test } from 'vitest'
import { isRunning } from '../../../helpers/process/is-running.ts'

test('a live process is running, one that exited is not, and no PID that is not one is', () => {
  expect(isRunning(process.pid)).toBe(true)
  const exited = spawnSync('true').pid
  expect(isRunning(exited)).toBe(false)
  expect([0, -1, Number.NaN, 1.5].map(isRunning)).toEqual([false, false, false, false])
})
