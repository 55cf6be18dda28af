import { parseArgs } from 'node:util'
import { EXIT_CODES_HELP, type Command } from './command.ts'
import { useConfigFile } from './config-option.ts'
import { UsageError } from './usage-error.ts'

// The subcommands that the npm scripts also run (scripts/<file>.ts): one implementation, two entry points. Each is
// imported when it runs, so that --help and a wrong flag answer at once.

const CONFIG_OPTION_HELP = '  --config <file>   the config file to use instead (FLAKEBENCH_CONFIG does the same)'

/** Positional paths (at most `max`) and --config, which the command reads through the environment. */
function pathsAndConfig(args: string[], max: number): string[] {
  const { values, positionals } = parseArgs({ args, options: { config: { type: 'string' } }, allowPositionals: true, strict: true })
  useConfigFile(values.config)
  return atMost(positionals, max)
}

function atMost(paths: string[], max: number): string[] {
  if (paths.length > max) throw new UsageError(`unexpected argument "${paths[max]}": at most ${max} path${max === 1 ? '' : 's'}`)
  return paths
}

export const reportCommand: Command = {
  summary: 'render PERFORMANCE.md again from a results file alone',
  help: `Usage: flakebench report [results.json] [PERFORMANCE.md] [--config <file>]

Renders the Markdown report from a results file; both paths default to the config's outputs.

${CONFIG_OPTION_HELP}
  -h, --help        this text

${EXIT_CODES_HELP}`,
  run: async (args) => (await import('../render-file.ts')).renderFile(pathsAndConfig(args, 2)),
}

export const baselineCommand: Command = {
  summary: 'save the last passing results as the baseline later runs compare with',
  help: `Usage: flakebench baseline [results.json] [--config <file>]

Copies a passing run's results (default: the config's results file) to the baseline file (default:
flakebench-baseline.json); commit it, and each later run reports its change and fails on a regression.

${CONFIG_OPTION_HELP}
  -h, --help        this text

${EXIT_CODES_HELP}`,
  run: async (args) => (await import('../save-baseline.ts')).saveBaseline(pathsAndConfig(args, 1)),
}

export const configSchemaCommand: Command = {
  summary: 'write flakebench.config.schema.json, which editors check flakebench.config.json with',
  help: `Usage: flakebench config-schema [file]

Writes the config's JSON Schema to the file (default: flakebench.config.schema.json here). Point "$schema" in
flakebench.config.json at it, or at node_modules/flakebench/flakebench.config.schema.json.

  -h, --help   this text

${EXIT_CODES_HELP}`,
  run: async (args) => (await import('../write-config-schema.ts')).writeConfigSchema(atMost(parseArgs({ args, allowPositionals: true, strict: true }).positionals, 1)),
}

export const calibrateCommand: Command = {
  summary: "check flakebench's measuring path against hyperfine -N",
  help: `Usage: flakebench calibrate [--quick] [--json report.json]

Times the same commands through flakebench's measuring path and through hyperfine -N, and judges the difference.

  --quick              fewer rounds
  --json <file>        also write the report and the samples as JSON
  -h, --help           this text

Exit codes: 0 every figure within its target; 1 one outside; 2 the calibration could not run (hyperfine missing,
a wrong flag); 130 stopped by SIGINT.`,
  run: async (args) => (await import('../calibrate.ts')).calibrate(args),
}

export const compareCommand: Command = {
  summary: 'measure a base and a head revision of your flake side by side; writes a pull-request comment here',
  help: `Usage: flakebench compare [options] [<base> <head>]

Runs every evaluation bench on two flake references, base and head interleaved sample by sample, and writes
performance-results.json, PERFORMANCE.md and the pull-request comment (flakebench-pr-comment.md) here. Without
references: the config's compare.base and compare.head (or FLAKEBENCH_BASE and FLAKEBENCH_HEAD), else the
embedded fixture's base and a head with more modules.

  <base> <head>         flake references: 'git+file:///src/infra?rev=…', a branch ('git+file:///src/infra?ref=pr'),
                        or a checkout's path, relative to this directory (e.g. . and ../pr-worktree)
  --profile <name>      quick, standard or full: the preset under your config
${CONFIG_OPTION_HELP}
  --step-summary <file> append the comment to this file (default: $GITHUB_STEP_SUMMARY when set)
  --comment             create the pull request's comment, or update the one flakebench posted before (found by
                        its first line); needs GITHUB_TOKEN and GITHUB_REPOSITORY, GITHUB_API_URL when not github.com
  --pr <number>         the pull request to comment on (default: the one in GitHub Actions' GITHUB_EVENT_PATH)
  -h, --help            this text

Exit codes: 0 the head is not slower and does not do more work; 1 a rule fired (the head slower beyond
baseline.regressionTolerancePct, or an exact counter grown beyond compare.workGrowthTolerancePct; the comment's
verdict says which), a side does not evaluate, or the comment could not be posted; 2 nothing ran (a wrong flag,
config or reference count, --comment without GitHub's variables: the message says what to fix); 130 or 143
stopped by SIGINT or SIGTERM.`,
  run: async (args) => (await import('../compare.ts')).compare(args),
}
