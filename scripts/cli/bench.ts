import { existsSync, readdirSync, statSync } from 'node:fs'
import { appendFile, readFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { loadConfig } from '../../helpers/config/load.ts'
import { EXIT_CODES_HELP, type Command } from './command.ts'
import { useConfigFile, useProfile } from './config-option.ts'
import { PACKAGE_ROOT } from './package-root.ts'
import { runBenches } from './run-benches.ts'
import { UsageError } from './usage-error.ts'

const BENCH_DIR = join(PACKAGE_ROOT, 'bench')

export const benchCommand: Command = {
  summary: 'run the benches on your flake; writes performance-results.json and PERFORMANCE.md here',
  help: `Usage: flakebench bench [options] [bench …]

Runs flakebench's benches (never your own tests) with Vitest, on the flake that the config in this directory
names: flakebench.config.ts, else flakebench.config.json, else the embedded fixture flake. Outputs are written
where the config's "output" says, relative to this directory (default: performance-results.json, PERFORMANCE.md).

  bench …               only the bench files whose names contain these, e.g. flake-evaluation
  --profile <name>      quick, standard or full: the preset under your config (default: the config's, else standard)
  --config <file>       the config file to use instead (FLAKEBENCH_CONFIG does the same)
  --step-summary <file> append PERFORMANCE.md to this file after the run (GitHub Actions: "$GITHUB_STEP_SUMMARY")
  -h, --help            this text

${EXIT_CODES_HELP}`,
  run: async (args) => {
    const { values, positionals } = parseArgs({
      args,
      options: { profile: { type: 'string' }, config: { type: 'string' }, 'step-summary': { type: 'string' } },
      allowPositionals: true,
      strict: true,
    })
    const { profile, config: configFile, 'step-summary': stepSummary } = values
    useProfile(profile)
    checkFilters(positionals)
    useConfigFile(configFile)
    // An invalid config is reported here, as one error, before Vitest starts.
    const { config } = loadConfig()
    const startedAtMs = Date.now()
    const exitCode = await runBenches(positionals)
    if (stepSummary !== undefined) await appendStepSummary(resolve(stepSummary), resolve(config.output.markdown), { startedAtMs, exitCode })
    return exitCode
  },
}

/** Each filter must pick at least one bench file; Vitest would only say that no file matched. */
function checkFilters(filters: readonly string[]): void {
  const files = readdirSync(BENCH_DIR).filter((file) => file.endsWith('.bench.ts'))
  const unknown = filters.filter((filter) => !files.some((file) => file.includes(filter)))
  if (unknown.length > 0) {
    throw new UsageError(`no bench file matches ${unknown.map((filter) => `"${filter}"`).join(', ')}; the benches are ${files.map((file) => file.replace('.bench.ts', '')).join(', ')}`, {
      hint: 'name a bench, or part of its name, or none to run them all',
    })
  }
}

/** This run's PERFORMANCE.md for a CI job's summary page; a run that wrote none says so there (an older file is not this run's). */
async function appendStepSummary(summaryFile: string, markdownFile: string, run: { startedAtMs: number; exitCode: number }): Promise<void> {
  const exitCode = run.exitCode
  const text = existsSync(markdownFile) && statSync(markdownFile).mtimeMs >= run.startedAtMs
    ? await readFile(markdownFile, 'utf8')
    : `flakebench wrote no ${markdownFile} (exit code ${exitCode}): the job's log says why.\n`
  await appendFile(summaryFile, text.endsWith('\n') ? text : `${text}\n`)
}
