import { basename, dirname, join, resolve } from 'node:path'
import { loadConfig } from '../helpers/config/load.ts'
import { formatError } from '../helpers/errors.ts'
import { renderPerformanceMarkdown } from '../reports/markdown/render.ts'
import { readResults, writeFileAtomic } from '../reports/results-file.ts'
import { chartsFolderLink, writeCharts } from '../reports/charts/write-charts.ts'
import { runIfEntry } from './cli/run-if-entry.ts'

/**
 * Regenerates PERFORMANCE.md and its charts from a results file alone: `npm run report [results.json]
 * [PERFORMANCE.md]`. The charts go to output.charts, or beside a Markdown path given here.
 */
export async function renderFile(paths: string[]): Promise<number> {
  try {
    const { output } = loadConfig().config
    const [jsonPath = output.resultsJson, markdownPath = output.markdown] = paths
    const chartsPath = paths[1] === undefined ? output.charts : join(dirname(markdownPath), basename(output.charts))
    const results = await readResults(resolve(jsonPath))
    const charts = await writeCharts(results, resolve(chartsPath))
    await writeFileAtomic(resolve(markdownPath), renderPerformanceMarkdown(results, { chartsFolder: chartsFolderLink(markdownPath, chartsPath) }))
    console.log(`wrote ${resolve(markdownPath)} and ${charts.length} chart${charts.length === 1 ? '' : 's'} in ${resolve(chartsPath)} from ${resolve(jsonPath)}`)
    return 0
  } catch (error) {
    console.error(`flakebench: ${formatError(error)}`)
    return 1
  }
}

await runIfEntry(import.meta.url, renderFile)
