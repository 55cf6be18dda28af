import { appendFile } from 'node:fs/promises'
import { resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { execa } from 'execa'
import { COMPARE_DEFAULTS } from '../helpers/config/defaults.ts'
import { loadConfig } from '../helpers/config/load.ts'
import { formatError } from '../helpers/errors.ts'
import { createFixtureGenerations, removeFixtureGenerations, type FixtureGenerations } from '../helpers/generate/fixture-generations.ts'
import { benchTable, compareVerdict } from '../reports/markdown/base-against-head.ts'
import { renderPrComment } from '../reports/markdown/pr-comment.ts'
import { readResults, writeFileAtomic } from '../reports/results-file.ts'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const USAGE = 'usage: npm run compare -- <base> <head>   (two flake references, e.g. git+file:///src/infra?rev=… and a branch or worktree)\n       npm run compare                   (the embedded fixture: its base and a head with more modules)'

/**
 * Base against head in one run: the base-against-head bench on both references (or on the embedded fixture's two
 * generations), then the verdict table here, the pull-request comment file, and the same comment appended to
 * $GITHUB_STEP_SUMMARY when set. Exits 1 when a rule fired (head slower, or its exact work grown) or the run failed.
 */
async function main(args: readonly string[]): Promise<number> {
  if (args.length !== 0 && args.length !== 2) {
    console.error(USAGE)
    return 2
  }
  const { config } = loadConfig()
  let generations: FixtureGenerations | null = null
  try {
    if (args.length === 0) generations = await createFixtureGenerations(config.fixture, COMPARE_DEFAULTS.fixtureHeadExtraModules)
    const [base, head] = generations ? [generations.baseRef, generations.headRef] : args as [string, string]
    const run = await execa(resolve(ROOT, 'node_modules/.bin/vitest'), ['bench', '--run', 'bench/base-against-head.bench.ts'], {
      cwd: ROOT,
      env: { FLAKEBENCH_BASE: base, FLAKEBENCH_HEAD: head },
      stdio: 'inherit',
      reject: false,
    })
    const results = await readResults(resolve(config.output.resultsJson))
    const summary = results.baseAgainstHead
    if (!summary) {
      console.error(`flakebench compare: the run (exit code ${run.exitCode}) recorded no base-against-head summary; its errors are above and in ${config.output.resultsJson}`)
      return 1
    }
    const comment = renderPrComment(summary)
    await writeFileAtomic(resolve(config.output.prComment), comment)
    if (process.env.GITHUB_STEP_SUMMARY) await appendFile(process.env.GITHUB_STEP_SUMMARY, comment)
    console.log(['', compareVerdict(summary), '', ...benchTable(summary.benches), '', `comment: ${resolve(config.output.prComment)}`].join('\n'))
    return results.run.status === 'passed' && run.exitCode === 0 ? 0 : 1
  } finally {
    if (generations) await removeFixtureGenerations(generations)
  }
}

main(process.argv.slice(2)).then((code) => { process.exitCode = code }, (error: unknown) => {
  console.error(`flakebench compare: ${formatError(error)}`)
  process.exitCode = 1
})
