/**
 * ssh hands its command to the remote login shell as one string, so each argument is quoted as a single POSIX
 * shell word there: it arrives literally, whatever `;`, `$()`, quotes or newlines it holds.
 */
export function shellWord(argument: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(argument) ? argument : `'${argument.replaceAll("'", `'\\''`)}'`
}

/** Commands run one after another on the remote host, each only if the one before succeeded. */
export function remoteCommand(commands: ReadonlyArray<readonly string[]>): string {
  return commands.map((command) => command.map(shellWord).join(' ')).join(' && ')
}
