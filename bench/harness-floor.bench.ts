import { expect, test } from 'vitest'
import { benchSettings, loadConfig } from '../helpers/config/load.ts'
import { recordBench } from '../helpers/measure/record-bench.ts'
import { testTimeoutMs } from '../helpers/measure/test-timeout.ts'

const { config } = loadConfig()
const settings = benchSettings(config, 'harness-floor')

// The cost of starting and timing a process through the same path as every bench (as hyperfine calibrates its
// shell spawn): figures close to it are mostly process start-up. Its samples are what `true` reads after GNU time's
// estimated cost is subtracted, which can be within the resolution of 0; the report adds that cost back for the
// path's own cost, spawn → exit, which is always positive (reports/collect.ts harnessFloor).
test('harness floor: spawn `true`', { timeout: testTimeoutMs(settings) }, async (context) => {
  const outcome = await recordBench(context, {
    id: 'harness/floor', concern: 'harness', name: 'spawn `true`', host: null, pairKey: null,
    settings,
    cacheState: { intended: 'not-applicable', verifiedBy: null },
    scenario: { command: () => ({ file: 'true', args: [], timeoutMs: settings.timeoutMs, signal: context.signal }) },
  })
  expect(outcome).toMeetThreshold()
})
