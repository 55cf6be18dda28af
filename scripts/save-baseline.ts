import { resolve } from 'node:path'
import { loadConfig } from '../helpers/config/load.ts'
import { formatError } from '../helpers/errors.ts'
import { readResults, serializeResults, writeFileAtomic } from '../reports/results-file.ts'
import { runIfEntry } from './cli/run-if-entry.ts'

/** `npm run baseline [results.json]`: the last results, validated, become the baseline later runs compare with. */
export async function saveBaseline(paths: string[]): Promise<number> {
  try {
    const { output, baseline } = loadConfig().config
    const [source = output.resultsJson] = paths
    const results = await readResults(resolve(source))
    if (results.run.status !== 'passed') throw new Error(`${resolve(source)} is a ${results.run.status} run: a baseline must be a passing run`)
    await writeFileAtomic(resolve(baseline.path), serializeResults(results))
    console.log(`saved ${resolve(baseline.path)} from ${resolve(source)} (${results.benchmarks.length} benches); commit it to compare future runs`)
    return 0
  } catch (error) {
    console.error(`flakebench: ${formatError(error)}`)
    return 1
  }
}

await runIfEntry(import.meta.url, saveBaseline)
