import { readFile } from 'node:fs/promises'
import { issueLines, ResultsFileError } from '../helpers/errors.ts'
import { writeFileAtomic } from './results-file.ts'
import { HistoryEntrySchema, type HistoryEntry, type PerformanceResults } from '../helpers/model/results-schema.ts'

/** Runs shown in PERFORMANCE.md's trend. */
export const TREND_RUNS = 10

/** One run, summarised for the history file: when, on what, and the median of every measured bench. */
export function historyEntry(results: PerformanceResults): HistoryEntry {
  return {
    schemaVersion: 1,
    startedAt: results.run.startedAt,
    status: results.run.status,
    flakebenchRevision: results.provenance.flakebenchRevision,
    targetRevision: results.target?.revision ?? null,
    nix: results.provenance.nix ? `${results.provenance.nix.implementation} ${results.provenance.nix.version}` : null,
    machine: `${results.provenance.machine.cpuModel}, ${results.provenance.machine.logicalCores} logical cores`,
    medianMs: Object.fromEntries(results.benchmarks.flatMap((bench) => (bench.status === 'measured' ? [[bench.id, bench.statistics.medianMs]] : []))),
  }
}

/** Every line validated; a bad one is an error naming the file and line, so the file is never appended to blindly. */
export async function readHistory(path: string): Promise<HistoryEntry[]> {
  const text = await readFile(path, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return ''
    throw new ResultsFileError(`cannot read the history file ${path}: ${error.message}`, { cause: error })
  })
  return text.split('\n').flatMap((line, index) => {
    if (line.trim() === '') return []
    let json: unknown
    try {
      json = JSON.parse(line)
    } catch {
      throw new ResultsFileError(`${path} line ${index + 1} is not valid JSON`, { hint: `the history file is corrupt: fix or delete line ${index + 1} (each line is one run)` })
    }
    const parsed = HistoryEntrySchema.safeParse(json)
    if (!parsed.success) {
      throw new ResultsFileError(`${path} line ${index + 1} is not a flakebench history entry (version 1):\n${issueLines(parsed.error.issues)}`, {
        hint: 'it was written by another flakebench version or edited: move the file away to start a new history',
      })
    }
    return [parsed.data]
  })
}

/** Appends by rewriting the whole file atomically, after the existing lines validated. */
export async function appendHistory(path: string, entry: HistoryEntry): Promise<HistoryEntry[]> {
  const entries = [...(await readHistory(path)), entry]
  await writeFileAtomic(path, entries.map((line) => JSON.stringify(line)).join('\n') + '\n')
  return entries
}

