import type { TestContext } from 'vitest'
import type { BaseAgainstHead } from '../model/base-against-head.ts'

declare module 'vitest' {
  interface TaskMeta {
    /** The base-against-head summary of a compare run, read by the reporter. */
    flakebenchBaseAgainstHead?: BaseAgainstHead
  }
}

/** Records the base-against-head summary on the test for the reporter. */
export function recordBaseAgainstHead(context: TestContext, summary: BaseAgainstHead): void {
  context.task.meta.flakebenchBaseAgainstHead = summary
}
