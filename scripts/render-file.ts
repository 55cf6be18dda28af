import { resolve } from 'node:path'
import { loadConfig } from '../helpers/config/load.ts'
import { formatError } from '../helpers/errors.ts'
import { renderPerformanceMarkdown } from '../reports/markdown/render.ts'
import { readResults, writeFileAtomic } from '../reports/results-file.ts'
import { runIfEntry } from './cli/run-if-entry.ts'

/** Regenerates PERFORMANCE.md from a results file alone: `npm run report [results.json] [PERFORMANCE.md]`. */
export async function renderFile(paths: string[]): Promise<number> {
  try {
    const { output } = loadConfig().config
    const [jsonPath = output.resultsJson, markdownPath = output.markdown] = paths
    const results = await readResults(resolve(jsonPath))
    await writeFileAtomic(resolve(markdownPath), renderPerformanceMarkdown(results))
    console.log(`wrote ${resolve(markdownPath)} from ${resolve(jsonPath)}`)
    return 0
  } catch (error) {
    console.error(`flakebench: ${formatError(error)}`)
    return 1
  }
}

await runIfEntry(import.meta.url, renderFile)
