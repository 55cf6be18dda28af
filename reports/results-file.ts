import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import { issueLines, ResultsFileError } from '../helpers/errors.ts'
import { PerformanceResultsSchema, RESULTS_SCHEMA_VERSION, type PerformanceResults } from '../helpers/model/results-schema.ts'

/**
 * Writes next to the target and renames over it, so a reader (or an interrupted run) sees the old file or the
 * new one, never half of one.
 */
export async function writeFileAtomic(path: string, text: string): Promise<void> {
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`)
  try {
    await mkdir(dirname(path), { recursive: true })
    await writeFile(temporary, text)
    await rename(temporary, path)
  } catch (error) {
    // The cleanup may fail for the same reason as the write (e.g. ENOTDIR); the write's error is the one to report.
    await rm(temporary, { force: true }).catch(() => undefined)
    throw new ResultsFileError(`cannot write ${path}: ${(error as Error).message}`, {
      hint: 'make the output directory writable and give it free space, or set output paths in your config (flakebench.config.ts or .json)',
      cause: error,
    })
  }
}

/** Validates before writing: a file that does not match the schema is never produced. */
export function serializeResults(results: PerformanceResults): string {
  const parsed = PerformanceResultsSchema.safeParse(results)
  if (!parsed.success) {
    throw new ResultsFileError(`the collected results do not match the results schema (a flakebench bug):\n${issueLines(parsed.error.issues)}`)
  }
  return `${JSON.stringify(parsed.data, null, 2)}\n`
}

/** Reads and validates a results file; each problem names the file and what to do. */
export async function readResults(path: string): Promise<PerformanceResults> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (error) {
    throw new ResultsFileError(`cannot read ${path}: ${(error as Error).message}`, { hint: 'run `npm run bench` first', cause: error })
  }
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (error) {
    throw new ResultsFileError(`${path} is not valid JSON (${(error as Error).message})`, {
      hint: 'the file is corrupt: delete it and run `npm run bench` again',
      cause: error,
    })
  }
  const version = (json as { schemaVersion?: unknown } | null)?.schemaVersion
  if (version !== RESULTS_SCHEMA_VERSION) {
    throw new ResultsFileError(`${path} has schemaVersion ${JSON.stringify(version)}, this flakebench reads version ${RESULTS_SCHEMA_VERSION}`, {
      hint: 'use the flakebench version that wrote it, or run `npm run bench` again',
    })
  }
  const parsed = PerformanceResultsSchema.safeParse(json)
  if (!parsed.success) {
    throw new ResultsFileError(`${path} does not match the results schema:\n${issueLines(parsed.error.issues)}`, {
      hint: 'the file was edited or is corrupt: run `npm run bench` again',
    })
  }
  return parsed.data
}
