import { expect, test } from 'vitest'
import { interleavedLabel } from '../../../helpers/measure/record-bench.ts'

test("interleaved variants share one row of Vitest's table: its label names each and says the row mixes them", () => {
  const variant = (name: string, host: string | null) => ({ id: name, concern: 'builds', name, host, pairKey: 'parallel-build' })
  expect(interleavedLabel([variant('uncached build, max-jobs 1', 'vps'), variant('uncached build, max-jobs auto', 'vps')])).toBe(
    'uncached build, max-jobs 1 (vps) + uncached build, max-jobs auto (vps) (interleaved: 2 variants mixed in this row; each apart in the flakebench summary below)',
  )
})
