import { readFileSync } from 'node:fs'
import { GITHUB_COMMENT_DEFAULTS } from '../../helpers/config/defaults.ts'
import { FlakebenchError } from '../../helpers/errors.ts'
import { UsageError } from './usage-error.ts'

/** The pull request a comment goes to, and how to reach GitHub's REST API. */
export interface CommentTarget {
  apiUrl: string
  /** "owner/name". */
  repository: string
  pullRequest: number
  token: string
}

/** What posting did: a new comment, or the one that carried the marker rewritten. */
export interface PostedComment {
  action: 'created' | 'updated'
  /** The comment's page, as GitHub answered it. */
  url: string
}

const FROM_ACTIONS = 'GitHub Actions sets it; elsewhere set it yourself'

/**
 * The target from GitHub Actions' environment: GITHUB_TOKEN (or GH_TOKEN), GITHUB_REPOSITORY, GITHUB_API_URL, and
 * the pull request's number from the event (GITHUB_EVENT_PATH) unless `pullRequest` names it. Checked before the
 * compare runs, so that a missing piece costs no run.
 */
export function commentTargetFromEnv(env: NodeJS.ProcessEnv, pullRequest?: string): CommentTarget {
  const token = env.GITHUB_TOKEN || env.GH_TOKEN
  if (!token) throw new UsageError('--comment needs a token in GITHUB_TOKEN (or GH_TOKEN)', { hint: 'in a workflow: env: { GITHUB_TOKEN: ${{ github.token }} }, with permissions: pull-requests: write' })
  const repository = env.GITHUB_REPOSITORY
  if (!repository || !/^[^/\s]+\/[^/\s]+$/.test(repository)) throw new UsageError(`--comment needs GITHUB_REPOSITORY as "owner/name"; it is ${repository ? `"${repository}"` : 'not set'}`, { hint: FROM_ACTIONS })
  const number = pullRequest ?? eventPullRequest(env.GITHUB_EVENT_PATH)
  if (!/^[1-9]\d*$/.test(number)) throw new UsageError(`--pr is "${number}": a pull request's number is a positive integer`)
  return { apiUrl: (env.GITHUB_API_URL || GITHUB_COMMENT_DEFAULTS.apiUrl).replace(/\/+$/, ''), repository, pullRequest: Number(number), token }
}

/** The pull request's number from the event that started the workflow (pull_request, or issue_comment on one). */
function eventPullRequest(eventPath: string | undefined): string {
  const hint = 'run it in a pull_request job, or name the pull request with --pr <number>'
  if (!eventPath) throw new UsageError('--comment needs the pull request: GITHUB_EVENT_PATH is not set and --pr is not given', { hint })
  let event: { pull_request?: { number?: unknown }; issue?: { number?: unknown; pull_request?: unknown } }
  try {
    event = JSON.parse(readFileSync(eventPath, 'utf8')) as typeof event
  } catch (error) {
    throw new UsageError(`--comment cannot read the workflow's event ${eventPath}: ${(error as Error).message}`, { hint, cause: error })
  }
  const number = event.pull_request?.number ?? (event.issue?.pull_request ? event.issue.number : undefined)
  if (typeof number !== 'number') throw new UsageError(`--comment: the event in ${eventPath} is not about a pull request`, { hint })
  return String(number)
}

/**
 * Creates the pull request's comment, or updates the one whose body starts with `marker`, so that each run leaves
 * one comment, the latest (GitHub REST: list, update and create issue comments).
 */
export async function postComment(target: CommentTarget, body: string, marker: string): Promise<PostedComment> {
  const repo = `${target.apiUrl}/repos/${target.repository}`
  const existing = await findComment(target, marker)
  const answer = existing === null
    ? await call(target, 'POST', `${repo}/issues/${target.pullRequest}/comments`, { body })
    : await call(target, 'PATCH', `${repo}/issues/comments/${existing}`, { body })
  return { action: existing === null ? 'created' : 'updated', url: String((answer as { html_url?: unknown }).html_url ?? '') }
}

/** The id of the first comment that starts with the marker, page by page; null when there is none. */
async function findComment(target: CommentTarget, marker: string): Promise<number | null> {
  const perPage = GITHUB_COMMENT_DEFAULTS.commentsPerPage
  for (let page = 1; ; page++) {
    const url = `${target.apiUrl}/repos/${target.repository}/issues/${target.pullRequest}/comments?per_page=${perPage}&page=${page}`
    const comments = await call(target, 'GET', url) as Array<{ id: number; body?: string | null }>
    const mine = comments.find((comment) => comment.body?.startsWith(marker))
    if (mine) return mine.id
    if (comments.length < perPage) return null
  }
}

async function call(target: CommentTarget, method: string, url: string, payload?: object): Promise<unknown> {
  const headers = {
    Accept: 'application/vnd.github+json',
    Authorization: `Bearer ${target.token}`,
    'X-GitHub-Api-Version': '2022-11-28',
    'User-Agent': 'flakebench',
    ...(payload ? { 'Content-Type': 'application/json' } : {}),
  }
  let response: Response
  try {
    response = await fetch(url, { method, headers, ...(payload ? { body: JSON.stringify(payload) } : {}) })
  } catch (error) {
    throw new FlakebenchError(`the pull-request comment was not posted: ${method} ${url} failed: ${(error as Error).message}`, { hint: 'check the network and GITHUB_API_URL; the comment file is written, and the step summary has it', cause: error })
  }
  const text = await response.text()
  if (!response.ok) {
    const message = (() => { try { return (JSON.parse(text) as { message?: string }).message ?? text } catch { return text } })()
    throw new FlakebenchError(`the pull-request comment was not posted: GitHub answered ${response.status} to ${method} ${url}: ${message.slice(0, 300)}`, {
      hint: response.status === 401 || response.status === 403 || response.status === 404
        ? 'give the job `permissions: pull-requests: write`; a pull request from a fork gets a read-only token (comment from a workflow_run job there)'
        : 'the comment file is written and the step summary has it; run the job again to post it',
    })
  }
  return text === '' ? null : JSON.parse(text)
}
