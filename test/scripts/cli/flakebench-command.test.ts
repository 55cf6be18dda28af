import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest'
import { configJsonSchema } from '../../../helpers/config/schema.ts'
import { serializeResults } from '../../../reports/results-file.ts'
import { renderPerformanceMarkdown } from '../../../reports/markdown/render.ts'
import { COMMANDS } from '../../../scripts/cli/commands.ts'
import { dispatch } from '../../../scripts/cli/dispatch.ts'
import { fakeResults } from '../../reports/fake-results.ts'
import { runFlakebench } from './run-flakebench.ts'

// The command line without a bench run: help, every wrong input (exit 2 with what to fix), the small subcommands;
// dispatch in this process, and the launcher's path for what only it can show.
let scratch: string
beforeAll(async () => { scratch = await mkdtemp(join(tmpdir(), 'flakebench-cli-')) })
afterAll(() => rm(scratch, { recursive: true, force: true }))

/** One `dispatch` in this process, with what it printed. */
async function dispatchCaptured(args: string[]): Promise<{ exitCode: number; stdout: string; stderr: string }> {
  const stdout: string[] = []
  const stderr: string[] = []
  const log = vi.spyOn(console, 'log').mockImplementation((text: string) => { stdout.push(text) })
  const error = vi.spyOn(console, 'error').mockImplementation((text: string) => { stderr.push(text) })
  try {
    return { exitCode: await dispatch(args), stdout: stdout.join('\n'), stderr: stderr.join('\n') }
  } finally {
    log.mockRestore()
    error.mockRestore()
  }
}

describe('flakebench --help and wrong input', () => {
  test('--help lists every command and the exit codes; exit 0', async () => {
    const run = await dispatchCaptured(['--help'])
    expect(run.exitCode, run.stderr).toBe(0)
    expect(run.stdout).toMatch(/^Usage: flakebench <command> \[options\]/)
    for (const [name, command] of Object.entries(COMMANDS)) expect(run.stdout).toContain(`  ${name.padEnd(13)}  ${command.summary}`)
    expect(run.stdout).toContain('Exit codes: 0 done; 1 it ran and failed')
  })

  test.each(Object.keys(COMMANDS))('%s --help prints its usage and exit codes; exit 0', async (name) => {
    const run = await dispatchCaptured([name, '--help'])
    expect(run.exitCode, run.stderr).toBe(0)
    expect(run.stdout).toBe(COMMANDS[name]!.help)
    expect(run.stdout).toMatch(new RegExp(`^Usage: (sudo npx )?flakebench ${name}\\b`))
    expect(run.stdout).toMatch(/Exit codes: 0 /)
  })

  test.each([
    { args: [], message: 'flakebench: no command given\n→ run `flakebench bench` to benchmark the flake your config names; `flakebench --help` lists every command' },
    { args: ['bnech'], message: 'flakebench: unknown command "bnech" (did you mean "bench"?); the commands are bench, compare, report, baseline, calibrate, config-schema, outputs, setup\n→ see `flakebench --help`' },
    { args: ['toString'], message: 'flakebench: unknown command "toString"; the commands are' },
    { args: ['bench', '--profil', 'quick'], message: "flakebench bench: Unknown option '--profil'" },
    { args: ['bench', '--profile'], message: "flakebench bench: Option '--profile <value>' argument missing" },
    { args: ['bench', '--profile', 'fast'], message: 'flakebench bench: --profile is "fast"; the profiles are quick, standard, full' },
    { args: ['bench', 'flake-eval', 'nothing'], message: 'flakebench bench: no bench file matches "nothing"; the benches are activation, ' },
    { args: ['report', 'a.json', 'b.md', 'c'], message: 'flakebench report: unexpected argument "c": at most 2 paths' },
    { args: ['setup', 'now'], message: "flakebench setup: Unexpected argument 'now'" },
    { args: ['compare', '.'], message: 'flakebench compare: only one flake reference given: compare takes a base and a head, or none\n→ e.g. `flakebench compare . ../pr-worktree`' },
    { args: ['compare', 'a', 'b', 'c'], message: 'flakebench compare: 3 flake references given: compare takes a base and a head, or none' },
    { args: ['compare', '--bases', 'a', 'b'], message: "flakebench compare: Unknown option '--bases'" },
    { args: ['compare', '--profile', 'fast', 'a', 'b'], message: 'flakebench compare: --profile is "fast"; the profiles are quick, standard, full' },
    { args: ['compare', '--pr', '3', 'a', 'b'], message: 'flakebench compare: --pr names the pull request that --comment posts to; --comment is not given\n→ add --comment, or leave out --pr' },
  ])('flakebench $args: exit 2, says what is wrong', async ({ args, message }) => {
    const run = await dispatchCaptured(args)
    expect(run.exitCode, run.stderr).toBe(2)
    expect(run.stderr).toContain(message)
    expect(run.stdout).toBe('')
  })

  test('compare --comment outside GitHub Actions: exit 2 before anything runs, naming the variable to set', async () => {
    vi.stubEnv('GITHUB_TOKEN', '')
    vi.stubEnv('GH_TOKEN', '')
    try {
      const run = await dispatchCaptured(['compare', '--comment', 'a', 'b'])
      expect([run.exitCode, run.stdout]).toEqual([2, ''])
      expect(run.stderr).toBe('flakebench compare: --comment needs a token in GITHUB_TOKEN (or GH_TOKEN)\n→ in a workflow: env: { GITHUB_TOKEN: ${{ github.token }} }, with permissions: pull-requests: write')
    } finally {
      vi.unstubAllEnvs()
    }
  })

  test('through the launcher, as the bin runs: --help exits 0, a wrong flag 2 with the message on stderr', { timeout: 60_000 }, async () => {
    const help = await runFlakebench(['--help'], scratch)
    expect([help.exitCode, help.stdout.split('\n')[0]]).toEqual([0, 'Usage: flakebench <command> [options]'])
    const wrong = await runFlakebench(['bench', '--nope'], scratch)
    expect([wrong.exitCode, wrong.stdout]).toEqual([2, ''])
    expect(wrong.stderr).toContain("flakebench bench: Unknown option '--nope'")
  })

  test('an invalid config is refused before Vitest starts: exit 2, one line per problem, nothing written', { timeout: 60_000 }, async () => {
    const dir = await mkdtemp(join(scratch, 'invalid-'))
    await writeFile(join(dir, 'flakebench.config.json'), JSON.stringify({ flake: '.', iteratons: 3 }))
    const run = await runFlakebench(['bench', 'harness'], dir)
    expect(run.exitCode, run.stderr).toBe(2)
    expect(run.stderr).toBe(`flakebench bench: ${join(dir, 'flakebench.config.json')} is not a valid flakebench config:\n  (top level): Unrecognized key: "iteratons" (did you mean "iterations"?)\n→ fix the fields listed above; docs/configuration.md describes each one`)
    expect(run.stdout).toBe('')
    expect(await readdir(dir)).toEqual(['flakebench.config.json'])
  })
})

describe('the small subcommands, in the current directory', { timeout: 60_000 }, () => {
  test('--version prints package.json\'s version', async () => {
    const run = await runFlakebench(['--version'], scratch)
    const { version } = JSON.parse(await readFile(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string }
    expect([run.exitCode, run.stdout]).toEqual([0, version])
  })

  test('report renders the config\'s results file here; outputs lists the outputs that exist', async () => {
    const dir = await mkdtemp(join(scratch, 'report-'))
    const results = fakeResults()
    await writeFile(join(dir, 'flakebench.config.json'), JSON.stringify({ output: { resultsJson: 'out/results.json', markdown: 'out/PERF.md' } }))
    await mkdir(join(dir, 'out'))
    await writeFile(join(dir, 'out/results.json'), serializeResults(results))
    const report = await runFlakebench(['report'], dir)
    expect(report.exitCode, report.stderr).toBe(0)
    // The charts go to output.charts (here its default, relative to the working directory), linked from out/.
    expect(await readFile(join(dir, 'out/PERF.md'), 'utf8')).toBe(renderPerformanceMarkdown(results, { chartsFolder: '../performance-charts' }))
    const outputs = await runFlakebench(['outputs'], dir)
    expect([outputs.exitCode, outputs.stdout]).toEqual([0, `${join(dir, 'out/results.json')}\n${join(dir, 'out/PERF.md')}\n${join(dir, 'performance-charts')}`])
  })

  test('--config names another config file, as FLAKEBENCH_CONFIG does', async () => {
    const dir = await mkdtemp(join(scratch, 'config-'))
    await writeFile(join(dir, 'other.json'), JSON.stringify({ output: { resultsJson: 'r.json' } }))
    await writeFile(join(dir, 'r.json'), serializeResults(fakeResults()))
    const outputs = await runFlakebench(['outputs', '--config', 'other.json'], dir)
    expect([outputs.exitCode, outputs.stdout]).toEqual([0, join(dir, 'r.json')])
  })

  test('config-schema writes the JSON Schema here', async () => {
    const dir = await mkdtemp(join(scratch, 'schema-'))
    const run = await runFlakebench(['config-schema'], dir)
    expect([run.exitCode, run.stdout]).toEqual([0, `wrote ${join(dir, 'flakebench.config.schema.json')}`])
    expect(JSON.parse(await readFile(join(dir, 'flakebench.config.schema.json'), 'utf8'))).toEqual(JSON.parse(JSON.stringify(configJsonSchema())))
  })
})
