import type { TestContext } from 'vitest'
import type { BenchOutcome, CacheState, Sample, Target } from '../../reports/results-schema.ts'
import type { BenchSettings } from '../config/load.ts'
import { describeError } from '../errors.ts'
import { outlierWarning } from '../statistics/outliers.ts'
import { summarize } from '../statistics/summarize.ts'
import { checkThreshold } from '../thresholds/check.ts'
import { measureScenario, type Scenario } from './scenario.ts'

declare module 'vitest' {
  interface TaskMeta {
    /** Every outcome a bench test produced, read by the reporter. */
    flakebench?: BenchOutcome[]
    /** What was benchmarked; the reporter takes it from the first test that names it. */
    flakebenchTarget?: Target
  }
}

export interface BenchIdentity {
  id: string
  concern: string
  name: string
  host: string | null
  pairKey: string | null
}

export interface BenchDefinition extends BenchIdentity {
  settings: BenchSettings
  /** A function when the state is only known after measuring (e.g. whether every sample could be checked). */
  cacheState: CacheState | (() => CacheState)
  scenario: Omit<Scenario, 'label' | 'iterations' | 'warmupIterations'>
}

/**
 * Measures one bench and records its outcome on the test for the reporter. Never throws: a failure is an
 * outcome, and the bench file's `expect(outcome).toMeetThreshold()` turns it into a failed test.
 */
export async function recordBench(context: TestContext, definition: BenchDefinition): Promise<BenchOutcome> {
  const { settings, cacheState, scenario, ...identity } = definition
  const command = (() => {
    const spec = scenario.command()
    return [spec.file, ...spec.args]
  })()
  const samples: Sample[] = []
  let outcome: BenchOutcome
  try {
    await measureScenario(context.bench, {
      ...scenario,
      label: definition.host ? `${definition.name} (${definition.host})` : definition.name,
      iterations: settings.iterations,
      warmupIterations: settings.warmupIterations,
    }, samples)
    const statistics = summarize(samples.map((sample) => sample.wallMs))
    const label = identity.host ? `${identity.name} (${identity.host})` : identity.name
    const warning = outlierWarning(statistics, label, samples[0]?.wallMs)
    outcome = {
      ...identity,
      command,
      status: 'measured',
      cacheState: typeof cacheState === 'function' ? cacheState() : cacheState,
      samples,
      statistics,
      threshold: settings.threshold,
      verdict: checkThreshold(label, statistics, settings.threshold),
      warnings: warning ? [warning] : [],
    }
  } catch (error) {
    outcome = {
      ...identity,
      command,
      status: 'failed',
      error: describeError(error),
      samples,
      statistics: samples.length > 0 ? summarize(samples.map((sample) => sample.wallMs)) : null,
      threshold: settings.threshold,
      verdict: { status: 'none' },
    }
  }
  recordOutcome(context, outcome)
  return outcome
}

/** Records an outcome produced without measuring, e.g. a skip with its reason. */
export function recordOutcome(context: TestContext, outcome: BenchOutcome): void {
  context.task.meta.flakebench = [...(context.task.meta.flakebench ?? []), outcome]
}
