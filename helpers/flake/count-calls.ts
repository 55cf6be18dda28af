import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { nixCommand, type NixCall } from '../process/nix.ts'
import { runChecked } from '../process/run-command.ts'
import { countWorkByFile, flakeSourcesFromArchive, type FileCount, type FlakeSources } from './work-by-file.ts'
import { createTempDir } from '../process/temp-dir.ts'

type Call = Omit<NixCall, 'args'> & { label?: string }

/** The flake's and its inputs' source paths (`nix flake archive --dry-run` copies nothing new). */
export async function flakeSources(flakeRef: string, call: Call): Promise<FlakeSources> {
  const stdout = await runChecked({ ...nixCommand({ ...call, args: ['flake', 'archive', '--json', '--dry-run', flakeRef] }), label: call.label })
  return flakeSourcesFromArchive(JSON.parse(stdout))
}

/**
 * One untimed evaluation of a host's drvPath with NIX_COUNT_CALLS, summed per file: counting slows Nix, so it never
 * runs in a timed sample. The counts are exact, the same on every run of one revision.
 */
export async function countHostWork(flakeRef: string, attr: string, sources: FlakeSources, call: Call): Promise<FileCount[]> {
  const dir = await createTempDir('flakebench-count-')
  try {
    const statsPath = join(dir.path, 'stats.json')
    const env = { ...call.env, NIX_SHOW_STATS: '1', NIX_SHOW_STATS_PATH: statsPath, NIX_COUNT_CALLS: '1' }
    await runChecked({ ...nixCommand({ ...call, env, args: ['eval', '--raw', `${flakeRef}#${attr}.drvPath`] }), label: call.label })
    return countWorkByFile(JSON.parse(await readFile(statsPath, 'utf8')) as unknown, sources)
  } finally {
    await dir.remove()
  }
}
