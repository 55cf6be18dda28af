import { existsSync } from 'node:fs'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { execa } from 'execa'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { createPartsFlake, removePartsFlake, type PartsFlake } from '../../helpers/generate/parts-flake.ts'
import { readResults } from '../../reports/results-file.ts'
import { PROJECT_ROOT } from './bench-run.ts'

/*
 * flakebench as a user gets it: `npm pack`, the tarball installed as a dev dependency into a git repository that
 * holds a flake (the second fixture), and `npx flakebench …` run there. The install is offline from npm's cache
 * (`--prefer-offline`); it took 21 s here, most of it Node 22 (the "node" package) linked into place.
 */
let flake: PartsFlake
let packDir: string
beforeAll(async () => {
  flake = await createPartsFlake()
  packDir = await mkdtemp(join(tmpdir(), 'flakebench-pack-'))
  const pack = await execa('npm', ['pack', '--json', '--pack-destination', packDir], { cwd: PROJECT_ROOT, reject: false, stdin: 'ignore', timeout: 60_000 })
  if (pack.exitCode !== 0) throw new Error(`npm pack failed:\n${pack.stderr}`)
  const [packed] = JSON.parse(pack.stdout) as Array<{ filename: string }>
  if (!packed) throw new Error(`npm pack listed no tarball:\n${pack.stdout}`)
  await writeFile(join(flake.dir, 'package.json'), `${JSON.stringify({ name: 'infra', private: true })}\n`)
  await writeFile(join(flake.dir, 'flakebench.config.json'), `${JSON.stringify({ flake: '.' })}\n`)
  const install = await execa('npm', ['install', '--save-dev', '--prefer-offline', '--no-audit', '--no-fund', join(packDir, packed.filename)], { cwd: flake.dir, reject: false, stdin: 'ignore', all: true, timeout: 180_000 })
  if (install.exitCode !== 0) throw new Error(`npm install of the tarball failed:\n${install.all}`)
}, 240_000)
afterAll(async () => {
  if (flake) await removePartsFlake(flake)
  if (packDir) await rm(packDir, { recursive: true, force: true })
})

/** `npx flakebench …` in the user's repository, with the PATH a user has (no flakebench node_modules on it). */
function npxFlakebench(args: string[], env: Record<string, string> = {}) {
  return execa('npx', ['--no-install', 'flakebench', ...args], { cwd: flake.dir, env: { NO_COLOR: '1', CI: 'true', FLAKEBENCH_CONFIG: undefined, FLAKEBENCH_PROFILE: undefined, ...env }, extendEnv: true, reject: false, stdin: 'ignore', all: true, timeout: 240_000 })
}

describe('npx flakebench in a repository that installed the packed tarball', { timeout: 300_000 }, () => {
  test('the package holds the command, the benches and what they read, and none of flakebench\'s own tests or docs', () => {
    const installed = join(flake.dir, 'node_modules/flakebench')
    for (const file of ['scripts/flakebench.mjs', 'scripts/cli/main.ts', 'bench/flake-evaluation.bench.ts', 'vitest.config.ts', 'fixtures/parts-flake/flake.nix', 'scripts/install-system-deps.sh', 'scripts/github-action.sh']) {
      expect(existsSync(join(installed, file)), file).toBe(true)
    }
    for (const absent of ['test', 'docs', 'examples', 'scripts/ensure-setup.mjs']) expect(existsSync(join(installed, absent)), absent).toBe(false)
  })

  test('--help, a wrong subcommand and a wrong flag, through the installed bin', async () => {
    const help = await npxFlakebench(['--help'])
    expect(help.exitCode, help.all).toBe(0)
    expect(help.stdout).toMatch(/^Usage: flakebench <command> \[options\]/)
    const wrong = await npxFlakebench(['benhc'])
    expect(wrong.exitCode).toBe(2)
    expect(wrong.stderr).toContain('flakebench: unknown command "benhc" (did you mean "bench"?)')
    const flag = await npxFlakebench(['bench', '--quick'])
    expect(flag.exitCode).toBe(2)
    expect(flag.stderr).toContain("flakebench bench: Unknown option '--quick'")
  })

  test('bench --profile quick: the flake\'s hosts discovered and evaluated; the results and PERFORMANCE.md written in the repository', async () => {
    const run = await npxFlakebench(['bench', '--profile', 'quick'])
    expect(run.exitCode, run.all).toBe(0)
    const results = await readResults(join(flake.dir, 'performance-results.json'))
    expect(results.run.status).toBe('passed')
    expect(results.target).toMatchObject({ kind: 'flake', flakeRef: '.', revision: flake.revision })
    for (const host of flake.hosts) {
      expect(results.benchmarks.find((bench) => bench.id === `flake-evaluation/host-evaluation/${host.name}`), host.name).toMatchObject({ status: 'measured', facts: { drvPath: expect.stringMatching(/\.drv$/) } })
    }
    const markdown = await readFile(join(flake.dir, 'PERFORMANCE.md'), 'utf8')
    for (const host of flake.hosts) expect(markdown).toContain(`evaluate top-level drvPath (${host.name})`)
    expect(run.stdout).toContain(`flakebench: wrote ${join(flake.dir, 'performance-results.json')}`)
  })

  test('the action\'s script, as GitHub runs it: the summary appended to GITHUB_STEP_SUMMARY, the outputs listed in GITHUB_OUTPUT', async () => {
    const stepSummary = join(packDir, 'step-summary.md')
    const githubOutput = join(packDir, 'github-output')
    await writeFile(stepSummary, '## Earlier step\n')
    const run = await execa('bash', [join(flake.dir, 'node_modules/flakebench/scripts/github-action.sh')], {
      cwd: flake.dir,
      env: { NO_COLOR: '1', CI: 'true', GITHUB_STEP_SUMMARY: stepSummary, GITHUB_OUTPUT: githubOutput, INPUT_CONFIG: '', INPUT_PROFILE: 'quick', INPUT_BENCHES: 'flake-evaluation harness' },
      extendEnv: true, reject: false, stdin: 'ignore', all: true, timeout: 240_000,
    })
    expect(run.exitCode, run.all).toBe(0)
    const markdown = await readFile(join(flake.dir, 'PERFORMANCE.md'), 'utf8')
    expect(await readFile(stepSummary, 'utf8')).toBe(`## Earlier step\n${markdown}`)
    const results = await readResults(join(flake.dir, 'performance-results.json'))
    expect(new Set(results.benchmarks.map((bench) => bench.concern))).toEqual(new Set(['flake evaluation', 'harness']))
    const files = ['performance-results.json', 'PERFORMANCE.md', 'flakebench-history.jsonl', 'benchmark-github-action.json', 'benchmark-bmf.json', 'performance-charts'].map((file) => join(flake.dir, file))
    expect(await readFile(githubOutput, 'utf8')).toBe(`files<<FLAKEBENCH_FILES\n${files.join('\n')}\nFLAKEBENCH_FILES\nexit-code=0\n`)
  })
})
