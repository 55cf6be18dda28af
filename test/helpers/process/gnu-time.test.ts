import { expect, test } from 'vitest'
import { SHARED_GNU_TIME_COST, gnuTimeArgs, gnuTimeCost, parseGnuTime } from '../../../helpers/process/gnu-time.ts'
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

test("GNU time's cost is estimated once per process, from rounds of 25 pairs, with an interval around it", { timeout: 30_000 }, async () => {
  const timeBinary = await gnuTimePath()
  expect(timeBinary, 'GNU time is installed (scripts/install-system-deps.sh)').not.toBeNull()
  const first = gnuTimeCost(timeBinary!)
  expect(gnuTimeCost(timeBinary!), 'cached').toBe(first)
  const cost = await first
  expect(cost, 'true runs, so the cost was measured').not.toBeNull()
  expect([25, 50, 75], 'whole rounds, at most 75 pairs').toContain(cost!.pairs)
  expect(cost!.ci95Ms[0]).toBeLessThanOrEqual(cost!.costMs)
  expect(cost!.ci95Ms[1]).toBeGreaterThanOrEqual(cost!.costMs)
})

test('a bench run\'s shared estimate is taken as it is, only for the binary it was made for', async () => {
  const cost = { costMs: 1.4, ci95Ms: [1.2, 1.6] as [number, number], pairs: 50 }
  process.env[SHARED_GNU_TIME_COST] = JSON.stringify({ timeBinary: '/shared/time', cost })
  try {
    expect(await gnuTimeCost('/shared/time'), 'no pairs spawned: /shared/time does not exist').toEqual(cost)
    process.env[SHARED_GNU_TIME_COST] = '{"timeBinary":"/other/time","cost":{"costMs":"1.4"}}'
    expect(() => gnuTimeCost('/other/time')).toThrow(`${SHARED_GNU_TIME_COST} is not an estimate flakebench wrote`)
  } finally {
    delete process.env[SHARED_GNU_TIME_COST]
  }
})
