import { resolve } from 'node:path'
import { loadConfig } from '../helpers/config/load.ts'
import { formatError } from '../helpers/errors.ts'
import { readResults, serializeResults, writeFileAtomic } from '../reports/results-file.ts'

// `npm run baseline [results.json]`: the last results, validated, become the baseline later runs compare with.
const { output, baseline } = loadConfig().config
const [source = output.resultsJson] = process.argv.slice(2)
try {
  const results = await readResults(resolve(source))
  if (results.run.status !== 'passed') throw new Error(`${resolve(source)} is a ${results.run.status} run: a baseline must be a passing run`)
  await writeFileAtomic(resolve(baseline.path), serializeResults(results))
  console.log(`saved ${resolve(baseline.path)} from ${resolve(source)} (${results.benchmarks.length} benches); commit it to compare future runs`)
} catch (error) {
  console.error(`flakebench: ${formatError(error)}`)
  process.exitCode = 1
}
