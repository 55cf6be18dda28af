import { resolve } from 'node:path'
import type { Reporter, SerializedError, TestModule, TestRunEndReason, Vitest } from 'vitest/node'
import { gatherProvenance } from '../helpers/environment/provenance.ts'
import { describeError } from '../helpers/errors.ts'
import { benchModules, collectResults } from './collect.ts'
import { renderPerformanceMarkdown } from './markdown/render.ts'
import { serializeResults, writeFileAtomic } from './results-file.ts'

export interface FlakebenchReporterOptions {
  /** Path of performance-results.json, relative to the working directory. */
  resultsJson: string
  /** Path of PERFORMANCE.md, relative to the working directory. */
  markdown: string
}

/**
 * Collects every bench outcome of a `vitest bench` run, validates it, writes performance-results.json and
 * renders PERFORMANCE.md from that validated document alone.
 */
export default class FlakebenchReporter implements Reporter {
  private vitest: Vitest | undefined
  private startedAt = new Date()

  constructor(private readonly options: FlakebenchReporterOptions) {}

  onInit(vitest: Vitest): void {
    this.vitest = vitest
    this.startedAt = new Date()
  }

  async onTestRunEnd(modules: ReadonlyArray<TestModule>, errors: ReadonlyArray<SerializedError>, reason: TestRunEndReason): Promise<void> {
    if (benchModules(modules).length === 0) return
    const results = collectResults(modules, {
      startedAt: this.startedAt,
      finishedAt: new Date(),
      reason,
      errors: errors.map((error) => error.message),
      provenance: await gatherProvenance(this.vitest?.version ?? 'unknown'),
    })
    const jsonPath = resolve(this.options.resultsJson)
    const markdownPath = resolve(this.options.markdown)
    try {
      await writeFileAtomic(jsonPath, serializeResults(results))
      await writeFileAtomic(markdownPath, renderPerformanceMarkdown(results))
      this.vitest?.logger.log(`flakebench: wrote ${jsonPath} and ${markdownPath} (run ${results.run.status})`)
    } catch (error) {
      const { message, hint } = describeError(error)
      this.vitest?.logger.error(`flakebench: ${message}${hint ? `\n→ ${hint}` : ''}`)
      process.exitCode = 1
    }
  }
}
