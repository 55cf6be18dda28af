import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { z } from 'zod'
import { CommandError, MissingToolError, issueLines } from '../errors.ts'
import { runChecked, type CommandSpec } from '../process/run-command.ts'
import { findExecutable } from '../process/tools.ts'

export const HYPERFINE_INSTALL_HINT =
  'install hyperfine: `sudo apt-get install hyperfine` on Debian/Ubuntu (or `sudo bash scripts/install-system-deps.sh`), ' +
  'elsewhere see https://github.com/sharkdp/hyperfine#installation'

/** The path of hyperfine on PATH, or a MissingToolError saying how to install it. */
export async function findHyperfine(path = process.env.PATH ?? ''): Promise<string> {
  const hyperfine = await findExecutable('hyperfine', path)
  if (!hyperfine) throw new MissingToolError('hyperfine was not found on PATH', { hint: HYPERFINE_INSTALL_HINT })
  return hyperfine
}

/**
 * One argument array as the single command string `hyperfine -N` splits again by POSIX shell-word rules (it runs
 * no shell): arguments with anything but safe characters are single-quoted, a quote inside becoming '\''.
 */
export function hyperfineCommandLine(file: string, args: readonly string[]): string {
  return [file, ...args].map((word) => (/^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", "'\\''")}'`)).join(' ')
}

/** hyperfine's --export-json (1.15): one result per command; `times` in seconds, one per run. */
const HyperfineExportSchema = z.object({
  results: z.array(z.object({
    command: z.string(),
    times: z.array(z.number().nonnegative()).min(1),
    exit_codes: z.array(z.number().nullable()),
  })).length(1),
})

/** The run times, in milliseconds, of an export of one command; a CommandError naming the problem otherwise. */
export function parseHyperfineExport(text: string, source: string): number[] {
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (error) {
    throw new CommandError(`hyperfine's export ${source} is not JSON`, { hint: 'check that hyperfine is version 1.15 or newer', cause: error })
  }
  const parsed = HyperfineExportSchema.safeParse(json)
  if (!parsed.success) {
    throw new CommandError(`hyperfine's export ${source} has an unexpected shape:\n${issueLines(parsed.error.issues)}`, {
      hint: 'check that hyperfine is version 1.15 or newer',
    })
  }
  const [result] = parsed.data.results
  if (result!.exit_codes.some((code) => code !== 0)) {
    throw new CommandError(`\`${result!.command}\` exited with codes ${result!.exit_codes.join(', ')} under hyperfine`)
  }
  return result!.times.map((seconds) => seconds * 1000)
}

export interface HyperfineBatch {
  hyperfine: string
  command: Pick<CommandSpec, 'file' | 'args' | 'env'>
  runs: number
  warmupRuns: number
  /** A directory of the caller's for the export file. */
  scratchDir: string
  timeoutMs: number
  signal?: AbortSignal
}

/** Runs one batch under `hyperfine -N` (no shell, no shell-spawn correction) and returns its run times in ms. */
export async function runHyperfineBatch(batch: HyperfineBatch): Promise<number[]> {
  const exportPath = join(batch.scratchDir, 'hyperfine.json')
  await runChecked({
    file: batch.hyperfine,
    args: [
      '-N', '--style', 'none',
      '--runs', String(batch.runs), '--warmup', String(batch.warmupRuns),
      '--export-json', exportPath,
      hyperfineCommandLine(batch.command.file, batch.command.args),
    ],
    env: batch.command.env,
    timeoutMs: batch.timeoutMs,
    signal: batch.signal,
  })
  return parseHyperfineExport(await readFile(exportPath, 'utf8'), exportPath)
}
