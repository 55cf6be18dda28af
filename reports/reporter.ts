import { existsSync } from 'node:fs'
import { resolve } from 'node:path'
import type { Writable } from 'node:stream'
import type { Reporter, SerializedError, TestModule, TestRunEndReason, TestSpecification, Vitest } from 'vitest/node'
import type { FlakebenchConfig } from '../helpers/config/schema.ts'
import { gatherProvenance } from '../helpers/environment/provenance.ts'
import { FlakebenchError, formatError } from '../helpers/errors.ts'
import { deployPredictions } from '../helpers/judgements/copy-model.ts'
import { regressionSentence } from '../helpers/judgements/regression.ts'
import { isDeployTargetCopyId, type DeployPredictions } from '../helpers/model/copy-model.ts'
import { runStatus } from '../helpers/judgements/run-status.ts'
import { compareWithBaseline } from './baseline.ts'
import { chartsFolderLink, writeCharts } from './charts/write-charts.ts'
import { benchModules, collectResults, isBenchFile } from './collect.ts'
import { bencherMetricFormat, githubActionBenchmark } from './exports.ts'
import { findings } from './findings.ts'
import { appendHistory, historyEntry, TREND_RUNS } from './history.ts'
import { cancelRunOnSignal, stopWhenParentGone } from './interrupt.ts'
import { renderPerformanceMarkdown } from './markdown/render.ts'
import { acquireOutputLock } from './output-lock.ts'
import { redactResults } from './redact-results.ts'
import { copyLawSource } from './copy-laws.ts'
import { readResults, serializeResults, writeFileAtomic } from './results-file.ts'
import type { Comparison, PerformanceResults, RunMode } from '../helpers/model/results-schema.ts'
import { renderTerminalSummary, SUMMARY_WIDTH_COLUMNS } from './terminal-summary.ts'

export interface FlakebenchReporterOptions {
  /** Output paths, relative to the working directory. */
  output: FlakebenchConfig['output']
  baseline: FlakebenchConfig['baseline']
  /** What the run was allowed to change (helpers/config/run-mode.ts). */
  mode: RunMode
  /** The label of the run's first Nix, the one on PATH (helpers/process/nix-builds.ts). */
  nixLabel?: string
  /** deploy.copyLawsFrom: an earlier run's results whose copy laws predict the deploy targets' copies. */
  copyLawsFrom?: string | undefined
}

/**
 * Collects every bench outcome of a `vitest bench` run, compares it with the saved baseline, validates it, writes
 * performance-results.json, renders PERFORMANCE.md from that document alone, writes the CI exports and appends
 * the run to the history. A regression fails the run here, after everything ran and was written.
 */
export default class FlakebenchReporter implements Reporter {
  private vitest: Vitest | undefined
  private startedAt = new Date()
  private restoreSignalHandlers: (() => void) | undefined

  constructor(private readonly options: FlakebenchReporterOptions) {}

  onInit(vitest: Vitest): void {
    this.vitest = vitest
    this.startedAt = new Date()
    stopWhenParentGone((message) => vitest.logger.error(message))
  }

  /**
   * Before anything runs, a signal is made to stop the run gracefully (afterAll hooks remove what tests started);
   * before any bench runs, the output is locked against a second run.
   */
  onTestRunStart(specifications: ReadonlyArray<TestSpecification>): void {
    const benchRun = specifications.some((specification) => isBenchFile(specification.moduleId))
    if (benchRun) acquireOutputLock(resolve(this.options.output.resultsJson))
    if (this.vitest) this.restoreSignalHandlers ??= cancelRunOnSignal(this.vitest, benchRun ? 'bench' : 'test')
  }

  async onTestRunEnd(modules: ReadonlyArray<TestModule>, errors: ReadonlyArray<SerializedError>, reason: TestRunEndReason): Promise<void> {
    if (benchModules(modules).length === 0) {
      this.putSignalHandlersBack()
      return
    }
    const path = (file: string) => resolve(file)
    // Errors of flakebench's own steps after the benches: each is kept, and counts in the run's status.
    const stepErrors: string[] = []
    const keepError = (error: unknown) => stepErrors.push(formatError(error))
    // Redacted at the source: the JSON, PERFORMANCE.md, the exports, the history and the log are all derived from it.
    const collected = redactResults(collectResults(modules, {
      startedAt: this.startedAt,
      finishedAt: new Date(),
      reason,
      errors: errors.map((error) => error.message),
      provenance: await gatherProvenance(this.vitest?.version ?? 'unknown', { probeEvalCache: reason !== 'interrupted', nixLabel: this.options.nixLabel }),
      mode: this.options.mode,
    }))
    // The status follows from the results and every error so far, by one rule (helpers/judgements/run-status.ts).
    const settled = (results: PerformanceResults): PerformanceResults => {
      const runErrors = [...collected.run.errors, ...stepErrors]
      const status = runStatus({ endReason: reason, benchmarks: results.benchmarks, errors: runErrors, comparison: results.comparison, baseAgainstHead: results.baseAgainstHead })
      return { ...results, run: { ...results.run, errors: runErrors, status } }
    }
    const comparison = await this.compare(collected).catch((error: unknown) => {
      keepError(error)
      return null
    })
    const predicted = await this.predictDeploys(collected, keepError)
    const compared = settled({ ...collected, comparison, ...(predicted ? { deployPredictions: predicted } : {}) })
    const trend = await appendHistory(path(this.options.output.history), historyEntry(compared)).catch((error: unknown) => {
      keepError(error)
      return []
    })
    const results = settled({ ...compared, trend: trend.slice(-TREND_RUNS), findings: findings(compared) })
    const written: string[] = []
    const write = async (file: string, text: string) => {
      await writeFileAtomic(path(file), text)
      written.push(path(file))
    }
    try {
      await write(this.options.output.resultsJson, serializeResults(results))
      // Charts before the Markdown that links them; without them it is written all the same, with no images.
      const chartsFolder = await writeCharts(results, path(this.options.output.charts)).then(() => {
        written.push(path(this.options.output.charts))
        return chartsFolderLink(this.options.output.markdown, this.options.output.charts)
      }, (error: unknown) => {
        keepError(error)
        return null
      })
      await write(this.options.output.markdown, renderPerformanceMarkdown(results, { chartsFolder }))
      await write(this.options.output.githubActionBenchmark, `${JSON.stringify(githubActionBenchmark(results), null, 2)}\n`)
      await write(this.options.output.bencherMetricFormat, `${JSON.stringify(bencherMetricFormat(results), null, 2)}\n`)
    } catch (error) {
      keepError(error)
    }
    // An output that could not be written fails the run too: the terminal and the exit code say so.
    const final = settled(results)
    for (const message of final.run.errors) this.vitest?.logger.error(`flakebench: ${message}`)
    for (const entry of final.comparison?.status === 'compared' ? final.comparison.entries.filter((entry) => entry.regression) : []) {
      this.vitest?.logger.error(`flakebench: regression: ${regressionSentence(entry)}`)
    }
    // Last, so that a run ends with flakebench's own view of it, whatever its status.
    if (this.vitest) this.vitest.logger.log(`\n${renderTerminalSummary(final, { written, ...terminalStyle(this.vitest.logger.outputStream) })}`)
    if (final.run.status !== 'passed') process.exitCode = 1
    this.putSignalHandlersBack()
  }

  private putSignalHandlersBack(): void {
    this.restoreSignalHandlers?.()
    this.restoreSignalHandlers = undefined
  }

  /**
   * The deploy targets' copies against the copy laws: this run's, else those of deploy.copyLawsFrom, read only when
   * a target's copy was measured. A file that cannot give them is an error of the run, saying what to set instead;
   * the targets' links are reported all the same.
   */
  private async predictDeploys(results: PerformanceResults, keepError: (error: unknown) => void): Promise<DeployPredictions | null> {
    if (!results.benchmarks.some((bench) => bench.status === 'measured' && isDeployTargetCopyId(bench.id))) return null
    const source = await copyLawSource(results, this.options.copyLawsFrom).catch((error: unknown) => {
      keepError(error)
      return { reason: error instanceof FlakebenchError ? error.summary : String(error) }
    })
    return deployPredictions(results.benchmarks, source)
  }

  /** The comparison with the baseline file, when there is one; a corrupt one throws and is never overwritten. */
  private async compare(results: PerformanceResults): Promise<Comparison | null> {
    const file = resolve(this.options.baseline.path)
    if (!existsSync(file)) return null
    const baseline = await readResults(file)
    return compareWithBaseline(baseline, results, { file, ...this.options.baseline })
  }
}

/** Colour only on a terminal that accepts it (a TTY; `hasColors` honours NO_COLOR and FORCE_COLOR); never wider than the terminal. */
function terminalStyle(stream: NodeJS.WriteStream | Writable): { color: boolean; widthColumns: number } {
  const tty = 'isTTY' in stream && stream.isTTY ? stream : null
  return {
    color: tty?.hasColors() ?? false,
    widthColumns: Math.min(SUMMARY_WIDTH_COLUMNS, tty?.columns ?? SUMMARY_WIDTH_COLUMNS),
  }
}
