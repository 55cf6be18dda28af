import { readFileSync } from 'node:fs'
import { ConfigError, formatError, MissingToolError } from '../../helpers/errors.ts'
import { editDistance } from '../../helpers/config/load.ts'
import { EXIT, EXIT_CODES_HELP } from './command.ts'
import { COMMANDS } from './commands.ts'
import { asUsageError, UsageError } from './usage-error.ts'

/** `flakebench <command> [options]`: runs the subcommand, or says what is wrong; resolves to the exit code. */
export async function dispatch([name, ...args]: readonly string[]): Promise<number> {
  if (name === '--help' || name === '-h' || name === 'help') return print(overview(), EXIT.ok)
  if (name === '--version' || name === '-v') return print(version(), EXIT.ok)
  if (name === undefined) return fail(new UsageError('no command given', { hint: 'run `flakebench bench` to benchmark the flake your config names; `flakebench --help` lists every command' }), 'flakebench')
  const command = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined
  if (!command) return fail(new UsageError(`unknown command "${name}"${nearest(name)}; the commands are ${Object.keys(COMMANDS).join(', ')}`, { hint: 'see `flakebench --help`' }), 'flakebench')
  if (args.includes('--help') || args.includes('-h')) return print(command.help, EXIT.ok)
  try {
    return await command.run(args)
  } catch (error) {
    return fail(asUsageError(error, name), `flakebench ${name}`)
  }
}

/** The error with what to do; a wrong command line, config or missing tool means nothing ran (exit 2). */
function fail(error: unknown, prefix: string): number {
  console.error(`${prefix}: ${formatError(error)}`)
  return error instanceof UsageError || error instanceof ConfigError || error instanceof MissingToolError ? EXIT.usage : EXIT.failed
}

function print(text: string, code: number): number {
  console.log(text)
  return code
}

function overview(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((key) => key.length))
  return [
    'Usage: flakebench <command> [options]',
    '',
    'Benchmarks the flake that flakebench.config.ts or flakebench.config.json in this directory names (without',
    'one, an embedded fixture flake) and writes performance-results.json and PERFORMANCE.md here.',
    '',
    'Commands:',
    ...Object.entries(COMMANDS).map(([key, command]) => `  ${key.padEnd(width)}  ${command.summary}`),
    '',
    '`flakebench <command> --help` shows its options. `flakebench --version` prints the version.',
    EXIT_CODES_HELP,
  ].join('\n')
}

function version(): string {
  return (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version
}

/** " (did you mean "bench"?)" when a command is one or two edits away. */
function nearest(name: string): string {
  const [best] = Object.keys(COMMANDS).map((key) => ({ key, distance: editDistance(name, key) })).sort((a, b) => a.distance - b.distance)
  return best && best.distance <= 2 ? ` (did you mean "${best.key}"?)` : ''
}
