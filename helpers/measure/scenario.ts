import type { Bench, BenchResult } from 'vitest'
import type { Sample } from '../model/results-schema.ts'
import { assertSucceeded, combineRuns, runLanes, type CommandRun, type CommandSpec, type FailureText } from '../process/run-command.ts'

/** One iteration = untimed prepare → timed command → untimed inspect. */
export interface Scenario {
  /** The row's name in Vitest's table. */
  label: string
  iterations: number
  warmupIterations: number
  /** Untimed, before every iteration (warmups too): establishes the state the sample claims, e.g. a cold cache. */
  prepare?: () => Promise<void>
  /**
   * The timed command; called untimed before each iteration, so it may hand out fresh paths. A list runs its
   * entries at the same time, timed as one sample; an entry that is itself a list runs in order.
   */
  command: () => CommandSpec | Array<CommandSpec | CommandSpec[]>
  /** Untimed, after each iteration: reads exact counters and throws if the claimed state did not hold. */
  inspect?: (run: CommandRun) => Promise<Record<string, number> | null>
  /** Facts the command produced that must not change between runs for times to compare (e.g. a drvPath). */
  facts?: (run: CommandRun) => Record<string, string>
  /** Readable text of a failed run's stderr, when the command logs in a machine format. */
  failureText?: (run: CommandRun) => FailureText
}

/**
 * Runs a scenario through Vitest's `bench().run()` with exactly `iterations` timed samples (`time: 0` turns
 * tinybench's time budget off) and appends each run-phase sample to `samples` as soon as it is inspected, so a
 * failure keeps the samples taken before it.
 */
export async function measureScenario(bench: Bench, scenario: Scenario, samples: Sample[], facts: Record<string, string> = {}): Promise<BenchResult> {
  let lanes: CommandSpec[][] | undefined
  let run: CommandRun | undefined
  const registration = bench(
    scenario.label,
    {
      beforeEach: async () => {
        await scenario.prepare?.()
        const command = scenario.command()
        lanes = Array.isArray(command) ? command.map((lane) => [lane].flat()) : [[command]]
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
      if (!lanes) throw new Error('scenario command was not prepared')
      const startMs = performance.now()
      const finished = await runLanes(lanes)
      const wallMs = performance.now() - startMs
      for (const { spec, run: one } of finished) assertSucceeded(spec, one, scenario.failureText?.(one))
      run = finished.length === 1 ? finished[0]!.run : combineRuns(finished.map((entry) => entry.run), wallMs)
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
