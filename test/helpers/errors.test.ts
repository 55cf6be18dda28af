import { describe, expect, test } from 'vitest'
import { CommandError, ConfigError, describeError, describeSerializedError, FlakebenchError, formatError, formatErrorDescription } from '../../helpers/errors.ts'

const exit = { command: ['nix', 'build', '.#vps'], exitCode: 1, timedOut: false, interrupted: false }

describe('FlakebenchError', () => {
  test('keeps what happened and what to do apart; its message is their display text, for Vitest', () => {
    const error = new ConfigError('flakebench.config.json is not valid JSON', { hint: 'fix the file', cause: new SyntaxError('at 3') })
    expect(error.summary).toBe('flakebench.config.json is not valid JSON')
    expect(error.hint).toBe('fix the file')
    expect(error.message).toBe('flakebench.config.json is not valid JSON\n→ fix the file')
    expect(error.stack).toBe('ConfigError: flakebench.config.json is not valid JSON\n→ fix the file')
    expect(error.cause).toEqual(new SyntaxError('at 3'))
    expect(error.name).toBe('ConfigError')
  })

  test('without a hint the message is the summary alone', () => {
    const error = new FlakebenchError('a → b is no hint')
    expect([error.summary, error.hint, error.stderrTail, error.message]).toEqual(['a → b is no hint', null, null, 'a → b is no hint'])
  })
})

describe('CommandError', () => {
  test('carries how the command ended, as execa\'s errors do', () => {
    const error = new CommandError('`nix build .#vps` failed with exit code 1', { stderrTail: 'error: boom', exit })
    expect([error.command, error.exitCode, error.timedOut, error.interrupted]).toEqual([['nix', 'build', '.#vps'], 1, false, false])
    expect(error.exit).toEqual(exit)
  })

  test('about a command\'s output rather than how it ran, it has no exit', () => {
    const error = new CommandError('nix build printed no result')
    expect([error.command, error.exitCode, error.timedOut, error.interrupted, error.exit]).toEqual([null, null, false, false, null])
  })

  test('redacts secrets in the command', () => {
    const before = process.env.FLAKEBENCH_TEST_TOKEN
    process.env.FLAKEBENCH_TEST_TOKEN = 'tok-5e1f0a9d'
    try {
      const error = new CommandError('curl failed', { exit: { ...exit, command: ['curl', '--token=tok-5e1f0a9d'] } })
      expect(error.command).toEqual(['curl', '--token=[redacted:FLAKEBENCH_TEST_TOKEN]'])
    } finally {
      if (before === undefined) delete process.env.FLAKEBENCH_TEST_TOKEN
      else process.env.FLAKEBENCH_TEST_TOKEN = before
    }
  })
})

describe('describeError', () => {
  test('a FlakebenchError becomes its fields, the summary as the message', () => {
    expect(describeError(new FlakebenchError('it broke', { hint: 'mend it', stderrTail: 'log' }))).toEqual({ message: 'it broke', hint: 'mend it', stderrTail: 'log' })
  })

  test('a CommandError adds how the command ended', () => {
    expect(describeError(new CommandError('`nix build .#vps` failed', { hint: 'read the log', exit }))).toEqual({
      message: '`nix build .#vps` failed', hint: 'read the log', stderrTail: null, command: ['nix', 'build', '.#vps'], exitCode: 1, timedOut: false, interrupted: false,
    })
  })

  test('any other error is its message, with no hint', () => {
    expect(describeError(new TypeError('x is undefined'))).toEqual({ message: 'x is undefined', hint: null, stderrTail: null })
    expect(describeError('a string')).toEqual({ message: 'a string', hint: null, stderrTail: null })
  })

  test('an error serialized by Vitest keeps its fields: read as fields, not parsed out of the message', () => {
    const error = new CommandError('`nix build .#vps` timed out', { hint: 'raise timeoutMs', stderrTail: 'building…', exit: { ...exit, exitCode: 137, timedOut: true } })
    // Vitest copies an error's own fields into a plain object.
    const serialized = { ...Object.fromEntries(Object.getOwnPropertyNames(error).map((key) => [key, (error as unknown as Record<string, unknown>)[key]])) } as { message: string }
    expect(describeSerializedError(serialized)).toEqual(describeError(error))
    expect(describeSerializedError({ message: 'AssertionError: expected 1 to be 2', hint: 3 })).toEqual({ message: 'AssertionError: expected 1 to be 2', hint: null, stderrTail: null })
  })
})

describe('formatError', () => {
  test('what happened, then what to do after an arrow', () => {
    expect(formatError(new CommandError('`nix build .#vps` failed', { hint: 'read the log', stderrTail: 'error: boom', exit }))).toBe('`nix build .#vps` failed\n→ read the log')
    expect(formatError(new FlakebenchError('it broke'))).toBe('it broke')
    expect(formatError(new Error('plain'))).toBe('plain')
  })

  test('an error read back from the results prints as the error did', () => {
    const error = new FlakebenchError('it broke', { hint: 'mend it' })
    expect(formatErrorDescription(describeError(error))).toBe(error.message)
    expect(formatErrorDescription({ message: 'it broke', hint: null })).toBe('it broke')
  })
})
