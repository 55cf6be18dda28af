import { mkdir, readFile, rm, writeFile } from 'node:fs/promises'
import { basename, join } from 'node:path'
import { execa } from 'execa'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { ConfigSchema } from '../../helpers/config/schema.ts'
import { createFixtureGenerations, removeFixtureGenerations, type FixtureGenerations } from '../../helpers/generate/fixture-generations.ts'
import { runChecked } from '../../helpers/process/run-command.ts'
import { PR_COMMENT_MARKER, renderPrComment } from '../../reports/markdown/pr-comment.ts'
import { readResults } from '../../reports/results-file.ts'
import { startFakeGithub, type FakeGithub } from '../scripts/cli/fake-github.ts'
import { runFlakebench } from '../scripts/cli/run-flakebench.ts'
import { PROJECT_ROOT } from './bench-run.ts'

/*
 * `flakebench compare` as a user runs it in their repository: the fixture's two generations as a checkout (the
 * base, the current directory) and a worktree of the head beside it, named by relative paths; the quick profile
 * and two iterations. 4 modules against 24: the head's exact work grows far beyond any rule's tolerance, so the
 * exit code is certain on a loaded machine; timing verdicts are proven on synthetic samples (side-by-side.test.ts).
 */
const SHAPE = { modules: 4, nixosHosts: 1, darwinHosts: 0 }
const EXTRA_MODULES = 20
let generations: FixtureGenerations
let headDir: string
const git = (...args: string[]) => runChecked({ file: 'git', args: ['-C', generations.dir, ...args], timeoutMs: 60_000 })
beforeAll(async () => {
  generations = await createFixtureGenerations(ConfigSchema.parse({ fixture: SHAPE }).fixture, EXTRA_MODULES)
  headDir = `${generations.dir}-head`
  await git('worktree', 'add', '--quiet', '--detach', headDir, 'flakebench-head')
  await writeFile(join(generations.dir, 'flakebench.config.json'), JSON.stringify({ iterations: 2, timeoutMs: 60_000 }))
}, 120_000)
afterAll(async () => {
  if (!generations) return
  await git('worktree', 'remove', '--force', headDir).catch(() => undefined)
  await rm(headDir, { recursive: true, force: true })
  await removeFixtureGenerations(generations)
})

const headRelative = () => `../${basename(headDir)}`

describe('flakebench compare . ../head-worktree, in the repository', { timeout: 300_000 }, () => {
  test('the verdict table printed; the results JSON and the comment file written here; the grown work fails it (exit 1)', async () => {
    const run = await runFlakebench(['compare', '--profile', 'quick', '.', headRelative()], generations.dir, { timeoutMs: 240_000, env: { GITHUB_STEP_SUMMARY: '' } })
    const output = `${run.stdout}\n${run.stderr}`
    expect(run.exitCode, output).toBe(1)
    const results = await readResults(join(generations.dir, 'performance-results.json'))
    const summary = results.baseAgainstHead!
    expect(summary, output).toBeTruthy()
    // Local paths, resolved against the current directory; Nix locked each checkout's revision.
    expect(summary.base).toEqual({ flakeRef: generations.dir, revision: (await git('rev-parse', 'HEAD')).trim() })
    expect(summary.head).toEqual({ flakeRef: headDir, revision: (await git('rev-parse', 'flakebench-head')).trim() })
    expect(summary.benches.map((bench) => bench.key)).toEqual(['cold-flake-show', 'warm-flake-show', 'flake-check', 'host-evaluation/vps'])
    expect(summary.rulesFired.filter((rule) => rule.rule === 'work grew').map((rule) => rule.key)).toEqual(['cold-flake-show', 'flake-check', 'host-evaluation/vps'])
    const comment = await readFile(join(generations.dir, 'flakebench-pr-comment.md'), 'utf8')
    expect(comment).toBe(renderPrComment(summary))
    expect(comment.split('\n')[0]).toBe(PR_COMMENT_MARKER)
    expect(await readFile(join(generations.dir, 'PERFORMANCE.md'), 'utf8')).toContain('## Base against head')
    expect(run.stdout).toContain('| evaluate top-level drvPath (vps) |')
    expect(run.stdout).toContain(`comment: ${join(generations.dir, 'flakebench-pr-comment.md')}`)
  })

  test('the action\'s script with base, head and comment: the step summary, the outputs, and the earlier comment updated on GitHub (a test double)', async () => {
    const github: FakeGithub = await startFakeGithub('acme/infra', 12)
    try {
      github.comments.push({ id: 5, body: 'Thanks!' }, { id: 6, body: `${PR_COMMENT_MARKER}\nan earlier run's comment` })
      // GitHub's files for the step, kept out of the working tree (inside .git), as the runner keeps them outside.
      const scratch = join(generations.dir, '.git', 'action')
      await mkdir(scratch)
      const files = { summary: join(scratch, 'step-summary.md'), output: join(scratch, 'github-output'), event: join(scratch, 'event.json') }
      await writeFile(files.summary, '## Earlier step\n')
      await writeFile(files.event, JSON.stringify({ action: 'synchronize', number: 12, pull_request: { number: 12 } }))
      const run = await execa('bash', [join(PROJECT_ROOT, 'scripts/github-action.sh')], {
        cwd: generations.dir,
        env: {
          NO_COLOR: '1', CI: 'true', FLAKEBENCH_CONFIG: undefined, FLAKEBENCH_PROFILE: undefined,
          INPUT_CONFIG: '', INPUT_PROFILE: 'quick', INPUT_BENCHES: '', INPUT_BASE: '.', INPUT_HEAD: headRelative(), INPUT_COMMENT: 'true',
          GITHUB_STEP_SUMMARY: files.summary, GITHUB_OUTPUT: files.output, GITHUB_EVENT_PATH: files.event,
          GITHUB_REPOSITORY: 'acme/infra', GITHUB_API_URL: github.apiUrl, GITHUB_TOKEN: 'fake-token', GH_TOKEN: '',
        },
        extendEnv: true, reject: false, stdin: 'ignore', all: true, timeout: 240_000,
      })
      expect(run.exitCode, run.all).toBe(1)
      const commentFile = join(generations.dir, 'flakebench-pr-comment.md')
      const comment = await readFile(commentFile, 'utf8')
      expect(await readFile(files.summary, 'utf8')).toBe(`## Earlier step\n${comment}`)
      expect(github.requests.map((request) => [request.method, request.url, request.authorization])).toEqual([
        ['GET', '/repos/acme/infra/issues/12/comments?per_page=100&page=1', 'Bearer fake-token'],
        ['PATCH', '/repos/acme/infra/issues/comments/6', 'Bearer fake-token'],
      ])
      expect(github.requests[1]!.body).toEqual({ body: comment })
      expect(run.stdout).toContain('flakebench compare: updated the comment on pull request #12: https://github.com/acme/infra/pull/12#issuecomment-6')
      const outputs = await readFile(files.output, 'utf8')
      const listed = /^files<<FLAKEBENCH_FILES\n([^]*)\nFLAKEBENCH_FILES\n/.exec(outputs)?.[1]?.split('\n')
      expect(listed, outputs).toContain(commentFile)
      expect(listed, outputs).toContain(join(generations.dir, 'performance-results.json'))
      expect(outputs).toMatch(new RegExp(`\\nFLAKEBENCH_FILES\\ncomment-file=${commentFile}\\nexit-code=1\\n$`))
    } finally {
      await github.close()
    }
  })

  test.each([
    { env: { INPUT_BASE: '.', INPUT_HEAD: '' }, message: 'flakebench action: the input head is empty, but base is set\n→ set both base and head to compare two revisions, or neither to run the benches\n' },
    { env: { INPUT_BASE: '.', INPUT_HEAD: '.', INPUT_COMMENT: 'yes' }, message: 'flakebench action: the input comment is "yes"\n→ set it to true or false\n' },
    { env: { INPUT_COMMENT: 'true' }, message: 'flakebench action: the input comment is true, but base and head are empty\n→ comment posts the base-against-head comparison: set base and head too\n' },
  ])('the action\'s script refuses wrong inputs before installing anything: exit 2, $env', async ({ env, message }) => {
    const run = await execa('bash', [join(PROJECT_ROOT, 'scripts/github-action.sh')], { cwd: generations.dir, env: { INPUT_BASE: '', INPUT_HEAD: '', INPUT_COMMENT: '', ...env }, extendEnv: true, reject: false, stdin: 'ignore', timeout: 30_000 })
    expect([run.exitCode, `${run.stderr}\n`, run.stdout]).toEqual([2, message, ''])
  })
})
