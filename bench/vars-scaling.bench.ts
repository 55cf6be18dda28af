import { availableParallelism } from 'node:os'
import { readdir, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, test, type TestContext } from 'vitest'
import { benchSettings, loadConfig } from '../helpers/config/load.ts'
import { CacheStateError } from '../helpers/errors.ts'
import { recordInterleaved, recordOutcome, type BenchDefinition } from '../helpers/measure/record-bench.ts'
import { testTimeoutMs } from '../helpers/measure/test-timeout.ts'
import type { CountersOf } from '../helpers/model/concerns.ts'
import { scalingSeries } from '../helpers/judgements/scaling-gate.ts'
import { createTempDir, removeTempDir } from '../helpers/process/temp-dir.ts'

const { config } = loadConfig()
const concern = 'scaling'
const { machineSizes, machineTargets, growthLimitAt4x } = config.scaling
const settings = benchSettings(config, 'vars-scaling')
const GENERATOR = fileURLToPath(new URL('../fixtures/vars-generator.mjs', import.meta.url))
const largest = Math.max(...machineSizes)

const scratchDirs: string[] = []
afterAll(() => Promise.all(scratchDirs.map(removeTempDir)))

/** Generating the vars (SSH host key, age-encrypted secret) of n machines, `parallel` at a time, into a fresh directory. */
function generation(context: TestContext, scratch: string, n: number, parallel: number, mode: string): BenchDefinition {
  const outDir = join(scratch, `${mode}-${n}`)
  return {
    id: `scaling/vars/${mode}/${n}`, concern, name: `vars for ${n} machines, ${mode}`, host: null,
    // The largest size of both modes: the parallel speed-up (the serial run is recorded first).
    pairKey: n === largest ? `vars for ${n} machines: serial → parallel (${availableParallelism()} at a time)` : null,
    settings,
    cacheState: { intended: 'not-applicable', verifiedBy: null },
    scenario: {
      prepare: () => rm(outDir, { recursive: true, force: true }),
      command: () => ({ file: process.execPath, args: [GENERATOR, outDir, String(n), String(parallel)], timeoutMs: config.timeoutMs, signal: context.signal }),
      inspect: async (run) => {
        const generated = (await readdir(outDir)).length
        if (generated !== n) throw new CacheStateError(`the generator made vars for ${generated} machines, expected ${n}`)
        const { encrypted } = JSON.parse(run.stdout) as { encrypted: boolean }
        return { machines: n, encryptedWithAge: encrypted ? 1 : 0 } satisfies CountersOf<'vars-scaling'>
      },
    },
  }
}

describe(concern, () => {
  for (const [mode, parallel] of [['serial', 1], ['parallel', availableParallelism()]] as const) {
    const name = `vars generation time against machine count (${mode})`
    test(name, { timeout: testTimeoutMs(settings, { commandsPerIteration: machineSizes.length }) }, async (context) => {
      if (mode === 'parallel' && !config.scaling.varsParallelism) {
        const reason = `scaling.varsParallelism is off (profile ${config.profile}; a parallel speed-up of the machine and the embedded generator, which no flake moves): set it to true, or run npm run bench:full`
        recordOutcome(context, { id: 'scaling/vars/parallel', concern, name, host: null, command: null, pairKey: null, status: 'skipped', reason })
        return context.skip(reason)
      }
      const { path: scratch } = await createTempDir('flakebench-vars-')
      scratchDirs.push(scratch)
      const outcomes = await recordInterleaved(context, machineSizes.map((n) => generation(context, scratch, n, parallel, mode)))
      for (const outcome of outcomes) expect.soft(outcome).toMeetThreshold()
      const series = scalingSeries({ id: `scaling/vars-${mode}`, name, unit: 'machine', sizes: machineSizes, outcomes, counters: [], growthLimitAt4x, targets: machineTargets })
      if (!series) return
      context.task.meta.flakebenchScaling = [series]
      expect(series.gate.status, series.gate.sentence).not.toBe('fail')
    })
  }
})
