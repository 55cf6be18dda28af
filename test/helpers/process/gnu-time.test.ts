import { expect, test } from 'vitest'
import { gnuTimeArgs, gnuTimeOverheadMs, parseGnuTime, wrapperOverheadMs } from '../../../helpers/process/gnu-time.ts'
import { gnuTimePath } from '../../../helpers/process/tools.ts'

test('GNU time runs the command as given and writes its figures to the file', () => {
  expect(gnuTimeArgs('/tmp/t', 'nix', ['eval', '--raw'])).toEqual(['-f', '%e %U %S %M', '-o', '/tmp/t', 'nix', 'eval', '--raw'])
})

test('GNU time figures: user and system CPU in ms, peak RSS in KiB, after any status line', () => {
  expect(parseGnuTime('0.52 0.31 0.05 48212\n')).toEqual({ userCpuMs: 310, systemCpuMs: 50, peakRssKb: 48212 })
  expect(parseGnuTime('Command exited with non-zero status 3\n0.01 0.00 0.00 2100\n')).toEqual({ userCpuMs: 0, systemCpuMs: 0, peakRssKb: 2100 })
  expect(parseGnuTime(''), 'no file').toBeNull()
  expect(parseGnuTime('Command terminated by signal 9\n'), 'no figures').toBeNull()
})

test("the wrapper's cost is the median of the paired differences, never negative", () => {
  expect(wrapperOverheadMs([{ bareMs: 0.6, wrappedMs: 1.9 }, { bareMs: 0.7, wrappedMs: 1.8 }, { bareMs: 0.5, wrappedMs: 4.5 }])).toBeCloseTo(1.3, 10)
  expect(wrapperOverheadMs([{ bareMs: 2, wrappedMs: 1.5 }]), 'a wrapped run faster than the bare one').toBe(0)
  expect(wrapperOverheadMs([]), 'nothing measured, nothing subtracted').toBe(0)
})

test("GNU time's cost is measured once per process and is a few milliseconds at most", async () => {
  const timeBinary = await gnuTimePath()
  expect(timeBinary, 'GNU time is installed (scripts/install-system-deps.sh)').not.toBeNull()
  const first = gnuTimeOverheadMs(timeBinary!)
  expect(gnuTimeOverheadMs(timeBinary!), 'cached').toBe(first)
  const overheadMs = await first
  expect(overheadMs).toBeGreaterThan(0)
  expect(overheadMs).toBeLessThan(20)
})
