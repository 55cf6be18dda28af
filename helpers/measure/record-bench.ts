import type { TestContext } from 'vitest'
import type { BenchOutcome, CacheState, NixRun, NixVersions, Resolution, Sample, ScalingSeries, Target } from '../model/results-schema.ts'
import type { BenchSettings } from '../config/load.ts'
import type { CopyModel } from '../model/copy-model.ts'
import { describeError } from '../errors.ts'
import { outlierWarning } from '../judgements/outlier-advice.ts'
import { summarize } from '../statistics/summarize.ts'
import { subtractionWarning } from '../judgements/subtraction-warning.ts'
import { checkThreshold } from '../judgements/threshold.ts'
import { measureScenario, type Scenario } from './scenario.ts'

declare module 'vitest' {
  interface TaskMeta {
    /** Every outcome a bench test produced, read by the reporter. */
    flakebench?: BenchOutcome[]
    /** What was benchmarked; the reporter takes it from the first test that names it. */
    flakebenchTarget?: Target
    /** Fitted scaling series a test produced. */
    flakebenchScaling?: ScalingSeries[]
    /** The Nix-versions rows a test produced (bench/nix-versions.bench.ts). */
    flakebenchNixVersions?: NixVersions
    /** The copy model a test fitted (bench/deployment.bench.ts). */
    flakebenchCopyModel?: CopyModel
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
  /** The Nix it runs on, when the bench chose one; absent: the run's first (collect fills it in). */
  nix?: NixRun
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
  const [outcome] = await recordInterleaved(context, [definition])
  return outcome!
}

/**
 * Measures several variants of one operation interleaved (A B A B …), so that drift on the machine affects
 * each alike, and records one outcome per variant. Variant i runs at iterations i, i + k, i + 2k, …
 */
export async function recordInterleaved(context: TestContext, definitions: readonly BenchDefinition[]): Promise<BenchOutcome[]> {
  const outcomes = await measureInterleaved(context, definitions)
  for (const outcome of outcomes) recordOutcome(context, outcome)
  return outcomes
}

/** As recordInterleaved, without recording: for a bench that decides what to record (e.g. measures again without a variant that cannot run). */
export async function measureInterleaved(context: TestContext, definitions: readonly BenchDefinition[]): Promise<BenchOutcome[]> {
  const first = definitions[0]!
  const variants = definitions.length
  const commands: Array<string[] | null> = definitions.map(() => null)
  const samples: Sample[] = []
  const facts = definitions.map((): Record<string, string> => ({}))
  const resolutions: Array<Resolution | undefined> = definitions.map(() => undefined)
  let iteration = 0
  const current = () => definitions[iteration % variants]!.scenario
  let error: unknown = null
  try {
    await measureScenario(context.bench, {
      label: variants === 1 ? labelOf(first) : interleavedLabel(definitions),
      iterations: first.settings.iterations * variants,
      warmupIterations: first.settings.warmupIterations * variants,
      prepare: () => current().prepare?.() ?? Promise.resolve(),
      command: () => {
        const spec = current().command()
        const first = [spec].flat(2)[0]
        if (first) commands[iteration % variants] ??= [first.file, ...first.args]
        return spec
      },
      inspect: async (run) => {
        resolutions[iteration % variants] = run.resolution
        const counters = (await current().inspect?.(run)) ?? null
        iteration += 1
        return counters
      },
      failureText: (run) => current().failureText?.(run) ?? { text: run.stderr, hint: null },
      facts: (run) => {
        Object.assign(facts[iteration % variants]!, current().facts?.(run))
        return {}
      },
    }, samples)
  } catch (caught) {
    error = caught
  }
  return definitions.map((definition, index) => {
    const own = samples.filter((_, sampleIndex) => sampleIndex % variants === index)
    return buildOutcome(definition, commands[index] ?? null, own, error, facts[index]!, resolutions[index])
  })
}

/**
 * Vitest's table shows one row per tinybench task, so interleaved variants share a row whose statistics mix
 * them all; the label says so and points to the summary that shows each variant apart.
 */
export function interleavedLabel(definitions: readonly BenchIdentity[]): string {
  return `${definitions.map(labelOf).join(' + ')} (interleaved: ${definitions.length} variants mixed in this row; each apart in the flakebench summary below)`
}

function labelOf(definition: BenchIdentity): string {
  return definition.host ? `${definition.name} (${definition.host})` : definition.name
}

/** Samples (and the error that stopped them, if any) → the outcome the reporter writes. */
function buildOutcome(definition: BenchDefinition, command: string[] | null, samples: Sample[], error: unknown, facts: Record<string, string>, resolution: Resolution | undefined): BenchOutcome {
  const { settings, cacheState, scenario: _scenario, ...identity } = definition
  const statistics = samples.length > 0 ? summarize(samples.map((sample) => sample.wallMs), resolution?.resolutionMs) : null
  const measuredWith = resolution ? { resolution } : {}
  if (error !== null || statistics === null) {
    return {
      ...identity,
      command,
      status: 'failed',
      error: describeError(error ?? new Error('no sample was taken')),
      samples,
      statistics,
      ...measuredWith,
      threshold: settings.threshold,
      verdict: { status: 'none' },
    }
  }
  const label = labelOf(definition)
  const warnings = [
    outlierWarning(statistics, label, samples[0]?.wallMs),
    resolution ? subtractionWarning(label, statistics.medianMs, resolution) : null,
  ].filter((warning): warning is string => warning !== null)
  return {
    ...identity,
    command,
    status: 'measured',
    cacheState: typeof cacheState === 'function' ? cacheState() : cacheState,
    samples,
    statistics,
    ...measuredWith,
    threshold: settings.threshold,
    verdict: checkThreshold(label, statistics, settings.threshold),
    warnings,
    facts,
  }
}

/** Records an outcome produced without measuring, e.g. a skip with its reason. */
export function recordOutcome(context: TestContext, outcome: BenchOutcome): void {
  context.task.meta.flakebench = [...(context.task.meta.flakebench ?? []), outcome]
}
