import { FlakebenchError } from '../../helpers/errors.ts'

/** The command line asked for something that does not exist: a subcommand, a flag, a flag's value. */
export class UsageError extends FlakebenchError {}

/** node:util parseArgs rejects unknown flags and missing values with these codes. */
const PARSE_ARGS_CODES = ['ERR_PARSE_ARGS_UNKNOWN_OPTION', 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE', 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL']

/** A parseArgs error as a UsageError whose hint points at the subcommand's help; anything else unchanged. */
export function asUsageError(error: unknown, command: string): unknown {
  const code = (error as { code?: unknown }).code
  if (typeof code !== 'string' || !PARSE_ARGS_CODES.includes(code)) return error
  return new UsageError((error as Error).message, { hint: `see \`flakebench ${command} --help\``, cause: error })
}
