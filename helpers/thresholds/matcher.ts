import { expect } from 'vitest'
import { formatErrorDescription } from '../errors.ts'
import type { BenchOutcome } from '../model/results-schema.ts'

declare module 'vitest' {
  interface Matchers<R extends void | Promise<void> = void | Promise<void>, T = unknown> {
    /** Passes for a measured bench within its threshold (or without one) and a skipped bench. */
    toMeetThreshold: () => R
  }
}

/** The reason a bench outcome does not meet its threshold, or null when it does. */
export function thresholdFailure(outcome: BenchOutcome): string | null {
  if (outcome.status === 'failed') {
    return `${outcome.name}${outcome.host ? ` (${outcome.host})` : ''} failed: ${formatErrorDescription(outcome.error)}`
  }
  if (outcome.status === 'measured' && outcome.verdict.status === 'fail') return outcome.verdict.sentence
  return null
}

expect.extend({
  toMeetThreshold(received: BenchOutcome) {
    const failure = thresholdFailure(received)
    return {
      pass: failure === null,
      message: () => failure ?? `${received.name} met its threshold`,
    }
  },
})
