import type { TestProject } from 'vitest/node'
import { createSharedGenerations } from '../builds/shared-generations.ts'
import { shareGnuTimeCost } from '../process/gnu-time.ts'
import { gnuTimePath } from '../process/tools.ts'

/**
 * Vitest's global setup, run once in the main process before any worker starts. For a bench run, GNU time's cost
 * is estimated here, once, instead of in each bench file's process (1–1.5 s each, 10 files a run), and the run's
 * directory of shared base generations is made (each file built its own, ~5 s each); the returned teardown removes
 * it. The unit tests keep estimating in their own processes: a test of the estimate must run it.
 */
export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  if (!project.config.benchmark?.enabled && project.name !== 'bench' && !project.name.endsWith('(bench)')) return undefined
  const timeBinary = await gnuTimePath()
  if (timeBinary) await shareGnuTimeCost(timeBinary)
  return createSharedGenerations()
}
