import { resolve } from 'node:path'
import { loadConfig } from '../helpers/config/load.ts'
import { formatError } from '../helpers/errors.ts'
import { renderPerformanceMarkdown } from '../reports/markdown/render.ts'
import { readResults, writeFileAtomic } from '../reports/results-file.ts'

// Regenerates PERFORMANCE.md from a results file alone: `npm run report [results.json] [PERFORMANCE.md]`.
const { output } = loadConfig().config
const [jsonPath = output.resultsJson, markdownPath = output.markdown] = process.argv.slice(2)
try {
  const results = await readResults(resolve(jsonPath))
  await writeFileAtomic(resolve(markdownPath), renderPerformanceMarkdown(results))
  console.log(`wrote ${resolve(markdownPath)} from ${resolve(jsonPath)}`)
} catch (error) {
  console.error(`flakebench: ${formatError(error)}`)
  process.exitCode = 1
}
