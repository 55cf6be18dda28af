import { redactor } from './redact.ts'

/**
 * Errors a user can act on. The message says what happened; `hint` says what to do. The stack is cut to the
 * message so that Vitest shows the sentence, not our call frames: the cause keeps the original error. Secrets
 * are redacted here, once, since an error's text is printed by Vitest and stored in the reports.
 */
export class FlakebenchError extends Error {
  readonly hint: string | null
  readonly stderrTail: string | null

  constructor(message: string, options: { hint?: string; stderrTail?: string | null; cause?: unknown } = {}) {
    const redacted = redactor().value({ message, hint: options.hint ?? null, stderrTail: options.stderrTail ?? null })
    super(redacted.hint ? `${redacted.message}\n→ ${redacted.hint}` : redacted.message, { cause: options.cause })
    this.name = new.target.name
    this.hint = redacted.hint
    this.stderrTail = redacted.stderrTail
    this.stack = `${this.name}: ${this.message}`
  }
}

/** A required program is not installed or not on PATH. */
export class MissingToolError extends FlakebenchError {}

/** The configuration file is unreadable or invalid; the message lists one `path: message` line per problem. */
export class ConfigError extends FlakebenchError {}

/** A measured or preparatory command exited non-zero, was killed at its timeout, or was interrupted. */
export class CommandError extends FlakebenchError {}

/** A bench could not establish or confirm the cache state it claims to measure. */
export class CacheStateError extends FlakebenchError {}

/** The results file could not be read, validated or written. */
export class ResultsFileError extends FlakebenchError {}

/** An error's message, hint and stderr tail, for tables and summaries; secrets redacted whatever threw it. */
export function describeError(error: unknown): { message: string; hint: string | null; stderrTail: string | null } {
  if (error instanceof FlakebenchError) {
    const message = error.hint ? error.message.slice(0, error.message.lastIndexOf('\n→ ')) : error.message
    return { message, hint: error.hint, stderrTail: error.stderrTail }
  }
  return { message: redactor().text(error instanceof Error ? error.message : String(error)), hint: null, stderrTail: null }
}

/** One indented `path: message` line per zod issue, for errors that name a file. */
export function issueLines(issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }>): string {
  return issues.map((issue) => `  ${issue.path.map(String).join('.') || '(top level)'}: ${issue.message}`).join('\n')
}
