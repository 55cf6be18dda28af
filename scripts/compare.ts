import { statSync } from 'node:fs'
import { appendFile } from 'node:fs/promises'
import { resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { COMPARE_DEFAULTS } from '../helpers/config/defaults.ts'
import { loadConfig } from '../helpers/config/load.ts'
import { formatError } from '../helpers/errors.ts'
import { createFixtureGenerations, removeFixtureGenerations, type FixtureGenerations } from '../helpers/generate/fixture-generations.ts'
import { benchTable, compareVerdict } from '../reports/markdown/base-against-head.ts'
import { PR_COMMENT_MARKER, renderPrComment } from '../reports/markdown/pr-comment.ts'
import { readResults, writeFileAtomic } from '../reports/results-file.ts'
import { EXIT } from './cli/command.ts'
import { useConfigFile, useProfile } from './cli/config-option.ts'
import { commentTargetFromEnv, postComment, type CommentTarget } from './cli/github-comment.ts'
import { localFlakeRef } from './cli/local-flake-ref.ts'
import { runBenches } from './cli/run-benches.ts'
import { runIfEntry } from './cli/run-if-entry.ts'
import { UsageError } from './cli/usage-error.ts'

const BENCH_FILE = 'bench/base-against-head.bench.ts'

/**
 * `flakebench compare [<base> <head>]` (and `npm run compare -- …` in flakebench's checkout): the base-against-head
 * bench on two flake references — else the config's compare, else the embedded fixture's two generations — run
 * by Vitest in this process; then the verdict table, the pull-request comment file, the same comment appended to
 * the step summary, and with --comment posted to the pull request. Resolves to 1 when a rule fired (head slower,
 * or its exact work grown) or the run failed; throws a UsageError (exit 2) before running for a wrong command line.
 */
export async function compare(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: { config: { type: 'string' }, profile: { type: 'string' }, comment: { type: 'boolean' }, pr: { type: 'string' }, 'step-summary': { type: 'string' } },
    allowPositionals: true,
    strict: true,
  })
  if (positionals.length !== 0 && positionals.length !== 2) {
    throw new UsageError(`${positionals.length === 1 ? 'only one flake reference given' : `${positionals.length} flake references given`}: compare takes a base and a head, or none`, { hint: 'e.g. `flakebench compare . ../pr-worktree`, or `flakebench compare \'git+file:///src/infra?rev=…\' \'git+file:///src/infra?ref=my-branch\'`' })
  }
  if (values.pr !== undefined && !values.comment) throw new UsageError('--pr names the pull request that --comment posts to; --comment is not given', { hint: 'add --comment, or leave out --pr' })
  useProfile(values.profile)
  useConfigFile(values.config)
  const target = values.comment ? commentTargetFromEnv(process.env, values.pr) : null
  const stepSummary = values['step-summary'] ?? (process.env.GITHUB_STEP_SUMMARY || undefined)
  const [base, head] = positionals.map((ref) => localFlakeRef(ref, process.cwd()))
  if (base !== undefined && head !== undefined) {
    process.env.FLAKEBENCH_BASE = base
    process.env.FLAKEBENCH_HEAD = head
  }
  // An invalid config (or one of FLAKEBENCH_BASE/HEAD alone) is reported here, before anything runs.
  const { config } = loadConfig()
  let generations: FixtureGenerations | null = null
  try {
    if (!config.compare) {
      generations = await createFixtureGenerations(config.fixture, COMPARE_DEFAULTS.fixtureHeadExtraModules)
      process.env.FLAKEBENCH_BASE = generations.baseRef
      process.env.FLAKEBENCH_HEAD = generations.headRef
    }
    const startedAtMs = Date.now()
    // Only this bench, even when the config's concerns leave it out of `flakebench bench`.
    const runExitCode = await runBenches(['base-against-head'], [BENCH_FILE])
    return await report({ resultsJson: resolve(config.output.resultsJson), commentFile: resolve(config.output.prComment), stepSummary, target, startedAtMs, runExitCode })
  } finally {
    if (generations) await removeFixtureGenerations(generations)
  }
}

/** This run's summary as the verdict table, the comment file, the step summary and the posted comment; the exit code. */
async function report(run: { resultsJson: string; commentFile: string; stepSummary: string | undefined; target: CommentTarget | null; startedAtMs: number; runExitCode: number }): Promise<number> {
  const written = statSync(run.resultsJson, { throwIfNoEntry: false })
  const results = written && written.mtimeMs >= run.startedAtMs ? await readResults(run.resultsJson) : null
  const summary = results?.baseAgainstHead
  if (!results || !summary) {
    console.error(`flakebench compare: the run (exit code ${run.runExitCode}) recorded no base-against-head summary; its errors are above${results ? ` and in ${run.resultsJson}` : ''}`)
    // An interrupt keeps its own code (130, 143).
    return run.runExitCode > EXIT.usage ? run.runExitCode : EXIT.failed
  }
  const comment = renderPrComment(summary)
  await writeFileAtomic(run.commentFile, comment)
  if (run.stepSummary !== undefined) await appendFile(resolve(run.stepSummary), comment)
  console.log(['', compareVerdict(summary), '', ...benchTable(summary.benches), '', `comment: ${run.commentFile}`].join('\n'))
  const exitCode = results.run.status === 'passed' && run.runExitCode === EXIT.ok ? EXIT.ok : Math.max(run.runExitCode, EXIT.failed)
  if (!run.target) return exitCode
  try {
    const posted = await postComment(run.target, comment, PR_COMMENT_MARKER)
    console.log(`flakebench compare: ${posted.action} the comment on pull request #${run.target.pullRequest}${posted.url ? `: ${posted.url}` : ''}`)
    return exitCode
  } catch (error) {
    console.error(`flakebench compare: ${formatError(error)}`)
    return Math.max(exitCode, EXIT.failed)
  }
}

// `npm run compare -- …` runs the same subcommand as `flakebench compare …`, with its --help and its errors. Not
// awaited: the dispatcher imports this module, which could not finish loading while its top level waited for that.
void runIfEntry(import.meta.url, async (args) => (await import('./cli/dispatch.ts')).dispatch(['compare', ...args]))
