import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, expect, test } from 'vitest'
import { appendHistory, historyEntry, readHistory } from '../../reports/history.ts'
import { measuredBench, performanceResults } from './results-factory.ts'

let dir: string
beforeEach(async () => { dir = await mkdtemp(join(tmpdir(), 'flakebench-history-')) })
afterEach(() => rm(dir, { recursive: true, force: true }))

test('each run appends one validated line with the median of every measured bench', async () => {
  const path = join(dir, 'history.jsonl')
  const results = performanceResults([measuredBench({ id: 'x', samplesMs: [10, 20, 30] })])
  await appendHistory(path, historyEntry(results))
  const entries = await appendHistory(path, historyEntry(results))
  expect(entries).toHaveLength(2)
  expect(entries[1]).toMatchObject({ schemaVersion: 1, status: 'passed', nix: 'nix 2.8.0', targetRevision: 'def456', medianMs: { x: 20 } })
  expect((await readFile(path, 'utf8')).trimEnd().split('\n')).toHaveLength(2)
})

test('a missing file is an empty history', async () => {
  expect(await readHistory(join(dir, 'none.jsonl'))).toEqual([])
})

test('a corrupt or foreign line is an error naming the file and line, and nothing is appended', async () => {
  const path = join(dir, 'history.jsonl')
  const good = JSON.stringify(historyEntry(performanceResults([])))
  await writeFile(path, `${good}\n{"schemaVersion": 1, "startedAt": "trunc\n`)
  await expect(appendHistory(path, historyEntry(performanceResults([])))).rejects.toThrow(`${path} line 2 is not valid JSON\n→ the history file is corrupt: fix or delete line 2 (each line is one run)`)
  await writeFile(path, `${good}\n{"schemaVersion": 2}\n`)
  await expect(readHistory(path)).rejects.toThrow(new RegExp(`^${path} line 2 is not a flakebench history entry \\(version 1\\)`))
  expect(await readFile(path, 'utf8')).toBe(`${good}\n{"schemaVersion": 2}\n`)
})
