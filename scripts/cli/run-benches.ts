import { join } from 'node:path'
import type { CliOptions } from 'vitest/node'
import { EXIT } from './command.ts'
import { PACKAGE_ROOT } from './package-root.ts'

/**
 * What `vitest bench --run` passes (vitest's cac.js `benchmark`): the benchmark projects only, once, with
 * flakebench's own Vitest config. `benchmarkOnly` is that CLI's option, missing from the CliOptions type.
 */
const BENCH_RUN_OPTIONS = { root: PACKAGE_ROOT, config: join(PACKAGE_ROOT, 'vitest.config.ts'), run: true, watch: false, benchmarkOnly: true, coverage: { enabled: false } } as CliOptions

/**
 * Runs flakebench's bench files whose names contain one of `filters` (none: all that the config's concerns name)
 * with Vitest in this process, as `flakebench bench` and `flakebench compare` do; the reporter writes the outputs
 * relative to the current directory. `include` adds bench files the config's concerns may leave out. Resolves to
 * Vitest's exit code.
 */
export async function runBenches(filters: readonly string[], include: readonly string[] = []): Promise<number> {
  // Loaded here: Vitest takes seconds to import on a loaded machine, which --help and a wrong flag need not wait for.
  const { startVitest } = await import('vitest/node')
  await startVitest([...filters], BENCH_RUN_OPTIONS, include.length > 0 ? { test: { benchmark: { include: [...include] } } } : undefined)
  return Number(process.exitCode ?? EXIT.ok)
}
