import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest'
import { formatError } from '../../../helpers/errors.ts'
import { PR_COMMENT_MARKER } from '../../../reports/markdown/pr-comment.ts'
import { commentTargetFromEnv, postComment, type CommentTarget } from '../../../scripts/cli/github-comment.ts'
import { UsageError } from '../../../scripts/cli/usage-error.ts'
import { startFakeGithub, type FakeGithub } from './fake-github.ts'

// The requests that create or update the one comment, sent over HTTP for real to a TEST DOUBLE of GitHub's REST API.
const REPOSITORY = 'acme/infra'
const PR = 7
let github: FakeGithub
let target: CommentTarget
beforeAll(async () => {
  github = await startFakeGithub(REPOSITORY, PR)
  target = { apiUrl: github.apiUrl, repository: REPOSITORY, pullRequest: PR, token: 'token-123' }
})
afterEach(() => {
  github.requests.length = 0
  github.comments.length = 0
  github.refuseWith = null
})
afterAll(() => github.close())

const list = (page: number) => ({ method: 'GET', url: `/repos/${REPOSITORY}/issues/${PR}/comments?per_page=100&page=${page}`, authorization: 'Bearer token-123', body: null })
const body = (text: string) => `${PR_COMMENT_MARKER}\n## flakebench: base against head\n\n${text}\n`

describe('postComment: one comment per pull request, found by its marker', () => {
  test('none yet: lists the comments, then creates one with the body', async () => {
    github.comments.push({ id: 1, body: 'LGTM' })
    const posted = await postComment(target, body('first'), PR_COMMENT_MARKER)
    expect(posted).toEqual({ action: 'created', url: `https://github.com/${REPOSITORY}/pull/${PR}#issuecomment-1001` })
    expect(github.requests).toEqual([list(1), { method: 'POST', url: `/repos/${REPOSITORY}/issues/${PR}/comments`, authorization: 'Bearer token-123', body: { body: body('first') } }])
  })

  test('one from an earlier run on the second page: updates that one, creates none', async () => {
    for (let id = 1; id <= 130; id++) github.comments.push({ id, body: id === 120 ? body('earlier') : `comment ${id}, which mentions ${PR_COMMENT_MARKER} later` })
    const posted = await postComment(target, body('second'), PR_COMMENT_MARKER)
    expect(posted.action).toBe('updated')
    expect(github.requests).toEqual([list(1), list(2), { method: 'PATCH', url: `/repos/${REPOSITORY}/issues/comments/120`, authorization: 'Bearer token-123', body: { body: body('second') } }])
    expect(github.comments.length).toBe(130)
    expect(github.comments.find((comment) => comment.id === 120)!.body).toBe(body('second'))
  })

  test('a read-only token: the error names the request, GitHub\'s message and the permission to grant', async () => {
    github.refuseWith = { status: 403, message: 'Resource not accessible by integration' }
    const error = await postComment(target, body('x'), PR_COMMENT_MARKER).catch((caught: unknown) => caught)
    expect(formatError(error)).toBe(`the pull-request comment was not posted: GitHub answered 403 to GET ${github.apiUrl}/repos/${REPOSITORY}/issues/${PR}/comments?per_page=100&page=1: Resource not accessible by integration\n→ give the job \`permissions: pull-requests: write\`; a pull request from a fork gets a read-only token (comment from a workflow_run job there)`)
  })
})

describe('commentTargetFromEnv: GitHub Actions\' variables, checked before anything runs', () => {
  let dir: string
  beforeAll(async () => { dir = await mkdtemp(join(tmpdir(), 'flakebench-gh-')) })
  afterAll(() => rm(dir, { recursive: true, force: true }))
  const env = (extra: Record<string, string>) => ({ GITHUB_TOKEN: 't', GITHUB_REPOSITORY: REPOSITORY, ...extra })

  test('the pull request from the pull_request event; the API URL from GITHUB_API_URL, else github.com', async () => {
    const event = join(dir, 'event.json')
    await writeFile(event, JSON.stringify({ action: 'synchronize', number: 42, pull_request: { number: 42 } }))
    expect(commentTargetFromEnv(env({ GITHUB_EVENT_PATH: event }))).toEqual({ apiUrl: 'https://api.github.com', repository: REPOSITORY, pullRequest: 42, token: 't' })
    expect(commentTargetFromEnv(env({ GITHUB_EVENT_PATH: event, GITHUB_API_URL: 'https://ghe.example/api/v3/' }), '9')).toMatchObject({ apiUrl: 'https://ghe.example/api/v3', pullRequest: 9 })
  })

  test.each<{ extra: Record<string, string>; pr: string | undefined; message: string }>([
    { extra: { GITHUB_TOKEN: '' }, pr: '1', message: '--comment needs a token in GITHUB_TOKEN (or GH_TOKEN)' },
    { extra: { GITHUB_REPOSITORY: 'infra' }, pr: '1', message: '--comment needs GITHUB_REPOSITORY as "owner/name"; it is "infra"' },
    { extra: {}, pr: 'x', message: '--pr is "x": a pull request\'s number is a positive integer' },
    { extra: {}, pr: undefined, message: '--comment needs the pull request: GITHUB_EVENT_PATH is not set and --pr is not given' },
  ])('$message', ({ extra, pr, message }) => {
    expect(() => commentTargetFromEnv(env(extra), pr)).toThrow(UsageError)
    expect(() => commentTargetFromEnv(env(extra), pr)).toThrow(message)
  })

  test('a push event is not about a pull request', async () => {
    const event = join(dir, 'push.json')
    await writeFile(event, JSON.stringify({ ref: 'refs/heads/main' }))
    expect(() => commentTargetFromEnv(env({ GITHUB_EVENT_PATH: event }))).toThrow(`--comment: the event in ${event} is not about a pull request`)
  })
})
