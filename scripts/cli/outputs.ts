import { existsSync } from 'node:fs'
import { resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { loadConfig } from '../../helpers/config/load.ts'
import { EXIT, EXIT_CODES_HELP, type Command } from './command.ts'
import { useConfigFile } from './config-option.ts'

export const outputsCommand: Command = {
  summary: 'print the paths of the outputs a run wrote, one a line (for a CI step that uploads them)',
  help: `Usage: flakebench outputs [--config <file>] [--pr-comment]

Prints, one a line, the absolute path of each output the config names that exists in this directory's view:
the results JSON, PERFORMANCE.md, the history, the github-action-benchmark and Bencher exports, the charts
folder, the JUnit XML, the pull-request comment.

  --config <file>   the config file to use instead (FLAKEBENCH_CONFIG does the same)
  --pr-comment      only the pull-request comment that \`flakebench compare\` writes
  -h, --help        this text

${EXIT_CODES_HELP}`,
  run: async (args) => {
    const { values } = parseArgs({ args, options: { config: { type: 'string' }, 'pr-comment': { type: 'boolean' } }, strict: true })
    useConfigFile(values.config)
    const { output } = loadConfig().config
    const files = (values['pr-comment'] ? [output.prComment] : Object.values(output)).filter((file): file is string => file !== undefined).map((file) => resolve(file))
    for (const file of files.filter((candidate) => existsSync(candidate))) console.log(file)
    return EXIT.ok
  },
}
