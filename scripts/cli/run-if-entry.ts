import { resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

/**
 * Runs a command when its file is the process's entry, as `tsx scripts/<file>.ts …` (the npm scripts) starts it;
 * the `flakebench` command imports the same file and calls the command itself.
 */
export async function runIfEntry(moduleUrl: string, command: (args: string[]) => Promise<number>): Promise<void> {
  const entry = process.argv[1]
  if (entry && resolve(entry) === fileURLToPath(moduleUrl)) process.exitCode = await command(process.argv.slice(2))
}
