import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { execa } from 'execa'
import { expect } from 'vitest'
import { formatMedian } from '../../helpers/model/format.ts'
import { benchLabel } from '../../reports/markdown/outcomes.ts'
import type { PerformanceResults } from '../../helpers/model/results-schema.ts'
import { SUMMARY_HEADER } from '../../reports/terminal-summary.ts'

export const PROJECT_ROOT = fileURLToPath(new URL('../..', import.meta.url))

export interface BenchRun {
  exitCode: number
  output: string
  resultsJson: string
  markdown: string
}

/** A small fixture and two iterations: the real benches, end to end, in seconds. */
export const QUICK_CONFIG = {
  fixture: { modules: 6, nixosHosts: 1, darwinHosts: 1 },
  iterations: 2,
  timeoutMs: 60_000,
}

/**
 * Series of three tiny sizes are too noisy for the ×4 growth gate, whose logic is unit-tested on exact data;
 * integration tests check the flow, so they raise it out of reach.
 */
export const LENIENT_GATE = { growthLimitAt4x: 1000 }

/** A scratch directory for one `vitest bench` run with its own config and outputs. */
export async function benchWorkspace(): Promise<{ dir: string; dispose: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'flakebench-it-'))
  return { dir, dispose: () => disposeWorkspace(dir) }
}

/** Runs started by `startBench` and not yet finished, with the directory each was started in. */
const runningBenches = new Set<{ dir: string; stop: () => void; finished: Promise<unknown> }>()

/**
 * A run still going when its test ends (the test failed, or the test run was interrupted) is stopped as a user
 * would stop it, with SIGTERM, and awaited, so that it removes its own hosts before the directory goes.
 */
async function disposeWorkspace(dir: string): Promise<void> {
  const inside = [...runningBenches].filter((run) => run.dir === dir || run.dir.startsWith(`${dir}/`))
  for (const run of inside) run.stop()
  await Promise.all(inside.map((run) => run.finished))
  await rm(dir, { recursive: true, force: true, maxRetries: 5 })
}

export interface BenchRunOptions {
  files?: string[]
  /** More CLI arguments, e.g. `--dir` to run the fault benches under test/integration/fault-benches. */
  args?: string[]
  path?: string
  tmpdir?: string
  env?: Record<string, string>
  /** Where the results and reports go (default: the run's directory). */
  outputDir?: string
  /** The run leads a process group of its own, which a test can signal whole, as Ctrl+C in a terminal does. */
  detached?: boolean
  /** Run through `npm run <script> --` (its pre-script included), as a user does, instead of vitest directly. */
  npmScript?: string
}

/** A `vitest bench --run` in progress: its PID (vitest's, or npm's with `npmScript`; to signal it) and its end. */
export interface StartedBench {
  pid: number
  finished: Promise<BenchRun>
}

/** Runs `vitest bench --run` of this project as a user would, with a config file written for the run. */
export async function runBench(dir: string, config: object, options: BenchRunOptions = {}): Promise<BenchRun> {
  return (await startBench(dir, config, options)).finished
}

/** Starts `vitest bench --run` as `runBench` does, without waiting for it. */
export async function startBench(dir: string, config: object, options: BenchRunOptions = {}): Promise<StartedBench> {
  const outputDir = options.outputDir ?? dir
  const resultsJson = join(outputDir, 'performance-results.json')
  const markdown = join(outputDir, 'PERFORMANCE.md')
  const configFile = join(dir, 'flakebench.config.json')
  const output = {
    resultsJson,
    markdown,
    history: join(outputDir, 'history.jsonl'),
    githubActionBenchmark: join(outputDir, 'github-action.json'),
    bencherMetricFormat: join(outputDir, 'bmf.json'),
    charts: join(outputDir, 'charts'),
  }
  await mkdir(dir, { recursive: true })
  // The full profile unless a test names one: each test's config says exactly what it runs.
  await writeFile(configFile, JSON.stringify({ baseline: { path: join(dir, 'baseline.json') }, profile: 'full', ...config, output }))
  const benchArgs = [...(options.args ?? []), ...(options.files ?? [])]
  const [file, args] = options.npmScript
    ? ['npm', ['run', options.npmScript, '--', ...benchArgs]]
    : [join(PROJECT_ROOT, 'node_modules/.bin/vitest'), ['bench', '--run', ...benchArgs]]
  const child = execa(file, args, {
    cwd: PROJECT_ROOT,
    env: {
      FLAKEBENCH_CONFIG: configFile,
      CI: 'true',
      NO_COLOR: '1',
      ...(options.path ? { PATH: options.path } : {}),
      ...(options.tmpdir ? { TMPDIR: options.tmpdir } : {}),
      ...options.env,
    },
    reject: false,
    all: true,
    stdin: 'ignore',
    timeout: 240_000,
    detached: options.detached ?? false,
  })
  const finished = child.then((run) => ({ exitCode: run.exitCode ?? -1, output: String(run.all ?? ''), resultsJson, markdown }))
  const running = { dir, stop: () => child.kill('SIGTERM'), finished }
  runningBenches.add(running)
  void finished.finally(() => runningBenches.delete(running))
  return { pid: child.pid!, finished }
}

/** A PATH holding only the named programs (as links), e.g. to run the suite on a "machine" without nix. */
export async function restrictedPath(dir: string, programs: Record<string, string>): Promise<string> {
  const bin = join(dir, 'bin')
  await mkdir(bin, { recursive: true })
  for (const [name, target] of Object.entries(programs)) await symlink(target, join(bin, name))
  return [join(PROJECT_ROOT, 'node_modules/.bin'), bin].join(':')
}

/** Every sample's counters of a bench that must have been measured (an error shows what it was instead). */
export function sampleCounters(results: PerformanceResults, id: string): Array<Record<string, number>> {
  const bench = results.benchmarks.find((entry) => entry.id === id)
  if (bench?.status !== 'measured') throw new Error(`${id}: ${JSON.stringify(bench)}`)
  return bench.samples.map((sample) => sample.counters ?? {})
}

/** flakebench's own summary at the end of a run's output: from its header line to the end (an error shows the output). */
export function terminalSummary(output: string): string[] {
  const lines = output.split('\n')
  const start = lines.findLastIndex((line) => line.startsWith(`${SUMMARY_HEADER}: `))
  if (start < 0) throw new Error(`the run printed no flakebench summary:\n${output}`)
  return lines.slice(start)
}

/**
 * The summary's row of each bench of the results: it starts with the bench's name and shows the median the JSON
 * holds (or no figure) and the outcome. Structural: the figures are compared with the run's own results.
 */
export function expectSummaryRows(summary: readonly string[], results: PerformanceResults): void {
  for (const bench of results.benchmarks) {
    const row = summary.find((line) => line.trimStart().startsWith(`${benchLabel(bench)} `))
    expect(row, `a summary row for ${bench.id}:\n${summary.join('\n')}`).toBeDefined()
    const median = bench.status !== 'skipped' && bench.statistics ? escape(formatMedian(bench.statistics)) : '—'
    const verdict = bench.status === 'skipped' ? 'skipped' : bench.status === 'failed' ? 'FAILED' : { pass: 'pass', fail: 'FAIL \\+', none: 'no limit' }[bench.verdict.status]
    expect(row, bench.id).toMatch(new RegExp(`\\s${median}\\s.*\\s${verdict}`))
  }
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}
