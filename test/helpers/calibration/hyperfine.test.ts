import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, test } from 'vitest'
import { findHyperfine, hyperfineCommandLine, parseHyperfineExport } from '../../../helpers/calibration/hyperfine.ts'
import { CommandError, MissingToolError } from '../../../helpers/errors.ts'
import { runChecked } from '../../../helpers/process/run-command.ts'

let scratch: string | undefined
afterEach(async () => {
  if (scratch) await rm(scratch, { recursive: true, force: true })
  scratch = undefined
})

describe('hyperfineCommandLine', () => {
  test('leaves plain words alone and single-quotes the rest', () => {
    expect(hyperfineCommandLine('/usr/bin/nix-instantiate', ['--eval', '--expr', "builtins.foldl' (a: b: a) 0 [1]"]))
      .toBe("/usr/bin/nix-instantiate --eval --expr 'builtins.foldl'\\'' (a: b: a) 0 [1]'")
    expect(hyperfineCommandLine('sleep', ['0.05'])).toBe('sleep 0.05')
    expect(hyperfineCommandLine('printf', ['', '%s'])).toBe("printf '' %s")
  })

  test('hyperfine -N hands the command every argument literally', async () => {
    scratch = await mkdtemp(join(tmpdir(), 'flakebench-test-'))
    const output = join(scratch, 'output')
    const args = ["it's", 'two words', '$(id) `id` "dq" \\ ; | >', 'line\nbreak', '']
    await runChecked({
      file: 'hyperfine',
      args: ['-N', '--style', 'none', '--runs', '1', '--output', output, hyperfineCommandLine('printf', ['[%s]', ...args])],
      timeoutMs: 30_000,
    })
    expect(await readFile(output, 'utf8')).toBe(args.map((arg) => `[${arg}]`).join(''))
  })
})

describe('parseHyperfineExport', () => {
  const exported = (result: object) => JSON.stringify({ results: [{ command: 'sleep 0.05', mean: 0.0515, ...result }] })

  test('gives the run times in milliseconds, in run order', () => {
    expect(parseHyperfineExport(exported({ times: [0.0515, 0.0512, 0.052], exit_codes: [0, 0, 0] }), 'h.json')).toEqual([51.5, 51.2, 52])
  })

  test('a failed run under hyperfine is an error naming the command', () => {
    expect(() => parseHyperfineExport(exported({ times: [0.01, 0.01], exit_codes: [0, 1] }), 'h.json'))
      .toThrow(new CommandError('`sleep 0.05` exited with codes 0, 1 under hyperfine'))
  })

  test('an export of another shape names the file and the fields', () => {
    expect(() => parseHyperfineExport(exported({ exit_codes: [0] }), '/tmp/h.json')).toThrow(CommandError)
    expect(() => parseHyperfineExport(exported({ exit_codes: [0] }), '/tmp/h.json'))
      .toThrow("hyperfine's export /tmp/h.json has an unexpected shape:\n  results.0.times: ")
    expect(() => parseHyperfineExport('Error: …', '/tmp/h.json')).toThrow("hyperfine's export /tmp/h.json is not JSON")
  })
})

test('a missing hyperfine says how to install it', async () => {
  const missing = findHyperfine('/nonexistent')
  await expect(missing).rejects.toThrow(MissingToolError)
  await expect(missing).rejects.toThrow(/hyperfine was not found on PATH\n→ install hyperfine: `sudo apt-get install hyperfine`/)
})
