import type { Bench, BenchResult } from 'vitest'
import type { Sample } from '../../reports/results-schema.ts'
import { assertSucceeded, combineRuns, runParallel, type CommandRun, type CommandSpec } from '../process/run-command.ts'

/** One iteration = untimed prepare → timed command → untimed inspect. */
export interface Scenario {
  /** The row's name in Vitest's table. */
  label: string
  iterations: number
  warmupIterations: number
  /** Untimed, before every iteration (warmups too): establishes the state the sample claims, e.g. a cold cache. */
  prepare?: () => Promise<void>
  /**
   * The timed command; called untimed before each iteration, so it may hand out fresh paths. Several commands
   * run at the same time and are timed as one sample.
   */
  command: () => CommandSpec | CommandSpec[]
  /** Untimed, after each iteration: reads exact counters and throws if the claimed state did not hold. */
  inspect?: (run: CommandRun) => Promise<Record<string, number> | null>
  /** Facts the command produced that must not change between runs for times to compare (e.g. a drvPath). */
  facts?: (run: CommandRun) => Record<string, string>
  /** Readable text of a failed run's stderr, when the command logs in a machine format. */
  failureText?: (run: CommandRun) => string
}

/**
 * Runs a scenario through Vitest's `bench().run()` with exactly `iterations` timed samples (`time: 0` turns
 * tinybench's time budget off) and appends each run-phase sample to `samples` as soon as it is inspected, so a
 * failure keeps the samples taken before it.
 */
export async function measureScenario(bench: Bench, scenario: Scenario, samples: Sample[], facts: Record<string, string> = {}): Promise<BenchResult> {
  let specs: CommandSpec[] | undefined
  let run: CommandRun | undefined
  const registration = bench(
    scenario.label,
    {
      beforeEach: async () => {
        await scenario.prepare?.()
        specs = [scenario.command()].flat()
      },
      afterEach: async (mode) => {
        if (!run) return
        Object.assign(facts, scenario.facts?.(run))
        const counters = (await scenario.inspect?.(run)) ?? null
        if (mode === 'run') samples.push({ ...run.sample, counters })
        run = undefined
      },
    },
    async () => {
      if (!specs) throw new Error('scenario command was not prepared')
      const startMs = performance.now()
      const runs = await runParallel(specs)
      const wallMs = performance.now() - startMs
      runs.forEach((finished, index) => assertSucceeded(specs![index]!, finished, scenario.failureText?.(finished)))
      run = runs.length === 1 ? runs[0] : combineRuns(runs, wallMs)
    },
  )
  return registration.run({
    iterations: scenario.iterations,
    time: 0,
    warmup: scenario.warmupIterations > 0,
    warmupIterations: scenario.warmupIterations,
    warmupTime: 0,
    retainSamples: true,
    throws: true,
  })
}
