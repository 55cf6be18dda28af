import type { TestProject } from 'vitest/node'
import { shareGnuTimeCost } from '../process/gnu-time.ts'
import { gnuTimePath } from '../process/tools.ts'

/**
 * Vitest's global setup, run once in the main process before any worker starts. For a bench run, GNU time's cost
 * is estimated here, once, instead of in each bench file's process (1–1.5 s each, 10 files a run). The unit tests
 * keep estimating in their own processes: a test of the estimate must run it.
 */
export default async function setup(project: TestProject): Promise<void> {
  if (!project.config.benchmark?.enabled && project.name !== 'bench' && !project.name.endsWith('(bench)')) return
  const timeBinary = await gnuTimePath()
  if (timeBinary) await shareGnuTimeCost(timeBinary)
}
