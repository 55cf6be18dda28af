/** One subcommand of `flakebench`: its line in the command list, its --help text and what it does. */
export interface Command {
  /** One line for `flakebench --help`. */
  summary: string
  /** The whole `flakebench <name> --help`: usage, options, exit codes. */
  help: string
  /** Runs with the arguments after the subcommand's name; resolves to the process's exit code. */
  run: (args: string[]) => Promise<number>
}

/**
 * The exit codes every subcommand shares (docs/outputs-and-ci.md#exit-codes). A signal that stops a run gives
 * 128 + its number (130 for SIGINT, 143 for SIGTERM), as a shell reports it.
 */
export const EXIT = {
  ok: 0,
  /** It ran, and what it found fails: a limit exceeded, a bench failed, a regression, an unreadable results file. */
  failed: 1,
  /** Nothing ran: a wrong subcommand, flag or config, or a missing tool; the message says what to fix. */
  usage: 2,
} as const

export const EXIT_CODES_HELP = `Exit codes: 0 done; 1 it ran and failed (a limit exceeded, a bench failed, a regression, a file it could not read
or write); 2 nothing ran (a wrong subcommand, flag or config: the message says what to fix); 130 or 143 stopped by
SIGINT or SIGTERM, after the finished benches were written.`
