import type { ErrorDescription } from './model/results-schema.ts'
import { redactor } from './redact.ts'

export interface FlakebenchErrorOptions {
  hint?: string
  stderrTail?: string | null
  cause?: unknown
}

/**
 * Errors a user can act on, kept as data: `summary` says what happened, `hint` what to do, `cause` what threw
 * first. `message` is only their display text (`formatError`), because Vitest prints `message` and a person whose
 * bench failed must see the hint there too; code reads the fields, never that text. The stack is cut to the
 * message so that Vitest shows the sentence, not our call frames. Secrets are redacted here, once, since an
 * error's text is printed by Vitest and stored in the reports.
 */
export class FlakebenchError extends Error {
  readonly summary: string
  readonly hint: string | null
  readonly stderrTail: string | null

  constructor(summary: string, options: FlakebenchErrorOptions = {}) {
    const redacted = redactor().value({ summary, hint: options.hint ?? null, stderrTail: options.stderrTail ?? null })
    super(formatErrorDescription({ message: redacted.summary, hint: redacted.hint }), { cause: options.cause })
    this.name = new.target.name
    this.summary = redacted.summary
    this.hint = redacted.hint
    this.stderrTail = redacted.stderrTail
    this.stack = `${this.name}: ${this.message}`
  }
}

/** A required program is not installed or not on PATH. */
export class MissingToolError extends FlakebenchError {}

/** The configuration file is unreadable or invalid; the message lists one `path: message` line per problem. */
export class ConfigError extends FlakebenchError {}

/** How a command that ran ended, as a `runCommand` result has it. */
export interface CommandExit {
  /** The file, then its arguments. */
  command: readonly string[]
  /** 128 + the signal's number when a signal killed it. */
  exitCode: number
  timedOut: boolean
  interrupted: boolean
}

/**
 * A measured or preparatory command exited non-zero, was killed at its timeout, or was interrupted; or its output
 * was not what it must be. With `exit`, it carries how the command ended, as execa's errors do.
 */
export class CommandError extends FlakebenchError {
  /** Null when the error is about a command's output rather than about how it ran. */
  readonly command: string[] | null
  readonly exitCode: number | null
  readonly timedOut: boolean
  readonly interrupted: boolean

  constructor(summary: string, options: FlakebenchErrorOptions & { exit?: CommandExit } = {}) {
    super(summary, options)
    this.command = options.exit ? redactor().value([...options.exit.command]) : null
    this.exitCode = options.exit?.exitCode ?? null
    this.timedOut = options.exit?.timedOut ?? false
    this.interrupted = options.exit?.interrupted ?? false
  }

  /** How the command ended, or null when it is not known; for errors rethrown with another summary or hint. */
  get exit(): CommandExit | null {
    return this.command === null || this.exitCode === null
      ? null
      : { command: this.command, exitCode: this.exitCode, timedOut: this.timedOut, interrupted: this.interrupted }
  }
}

/** A bench could not establish or confirm the cache state it claims to measure. */
export class CacheStateError extends FlakebenchError {}

/** The results file could not be read, validated or written. */
export class ResultsFileError extends FlakebenchError {}

/** An error as data, for the results and for printing; secrets redacted whatever threw it. */
export function describeError(error: unknown): ErrorDescription {
  if (error instanceof FlakebenchError) {
    const exit = error instanceof CommandError ? error.exit : null
    return { message: error.summary, hint: error.hint, stderrTail: error.stderrTail, ...(exit ? { ...exit, command: [...exit.command] } : {}) }
  }
  return { message: redactor().text(error instanceof Error ? error.message : String(error)), hint: null, stderrTail: null }
}

/**
 * An error that crossed a worker boundary (Vitest serializes an error's own fields, not its class). A
 * FlakebenchError's fields survive the trip, so they are read as fields, never parsed out of the message.
 */
export function describeSerializedError(error: { message: string } & Record<string, unknown>): ErrorDescription {
  const text = (value: unknown) => (typeof value === 'string' ? value : null)
  const command = Array.isArray(error.command) && error.command.every((part) => typeof part === 'string') ? error.command as string[] : null
  const exit = command && typeof error.exitCode === 'number'
    ? { command, exitCode: error.exitCode, timedOut: error.timedOut === true, interrupted: error.interrupted === true }
    : {}
  return {
    // Redacted again: a serialized error need not have been a FlakebenchError.
    ...redactor().value({ message: text(error.summary) ?? error.message, hint: text(error.hint), stderrTail: text(error.stderrTail) }),
    ...exit,
  }
}

/** The one way an error is shown to a person (terminal, scripts, Vitest): what happened, then `→ ` what to do. */
export function formatError(error: unknown): string {
  return formatErrorDescription(describeError(error))
}

/** `formatError` for an error already turned into data, e.g. read back from the results. */
export function formatErrorDescription(description: Pick<ErrorDescription, 'message' | 'hint'>): string {
  return description.hint ? `${description.message}\n→ ${description.hint}` : description.message
}

/** One indented `path: message` line per zod issue, for errors that name a file. */
export function issueLines(issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }>): string {
  return issues.map((issue) => `  ${issue.path.map(String).join('.') || '(top level)'}: ${issue.message}`).join('\n')
}
