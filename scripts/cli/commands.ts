import { benchCommand } from './bench.ts'
import type { Command } from './command.ts'
import { outputsCommand } from './outputs.ts'
import { setupCommand } from './setup.ts'
import { baselineCommand, calibrateCommand, compareCommand, configSchemaCommand, reportCommand } from './script-commands.ts'

/** Every `flakebench` subcommand, in the order --help lists them; a new one is one line here. */
export const COMMANDS: Record<string, Command> = {
  bench: benchCommand,
  compare: compareCommand,
  report: reportCommand,
  baseline: baselineCommand,
  calibrate: calibrateCommand,
  'config-schema': configSchemaCommand,
  outputs: outputsCommand,
  setup: setupCommand,
}
