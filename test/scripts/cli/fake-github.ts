import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

/** One request the fake GitHub received. */
export interface GithubRequest {
  method: string
  /** Path and query, e.g. /repos/o/r/issues/7/comments?per_page=100&page=1. */
  url: string
  authorization: string | undefined
  body: unknown
}

/**
 * TEST DOUBLE for GitHub's REST API (issue comments only), on 127.0.0.1: it keeps comments in memory, answers
 * list, create and update as GitHub documents them, and records every request. The only double in these tests:
 * everything else runs for real.
 */
export interface FakeGithub {
  apiUrl: string
  requests: GithubRequest[]
  comments: Array<{ id: number; body: string }>
  /** Answer every request with this status and message instead (e.g. 403 for a read-only token). */
  refuseWith: { status: number; message: string } | null
  close: () => Promise<void>
}

export async function startFakeGithub(repository: string, pullRequest: number): Promise<FakeGithub> {
  const fake: Omit<FakeGithub, 'apiUrl' | 'close'> = { requests: [], comments: [], refuseWith: null }
  const listPath = `/repos/${repository}/issues/${pullRequest}/comments`
  const updatePath = new RegExp(`^/repos/${repository}/issues/comments/(\\d+)$`)
  const server = createServer((request, response) => void answer(request, response))
  async function answer(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const text = await new Promise<string>((done) => { let data = ''; request.on('data', (chunk) => { data += chunk }); request.on('end', () => done(data)) })
    const url = new URL(request.url ?? '/', 'http://fake')
    fake.requests.push({ method: request.method ?? '', url: `${url.pathname}${url.search}`, authorization: request.headers.authorization, body: text ? JSON.parse(text) : null })
    const send = (status: number, json: unknown) => { response.writeHead(status, { 'Content-Type': 'application/json' }); response.end(JSON.stringify(json)) }
    if (fake.refuseWith) return send(fake.refuseWith.status, { message: fake.refuseWith.message })
    const update = updatePath.exec(url.pathname)
    if (request.method === 'GET' && url.pathname === listPath) {
      const perPage = Number(url.searchParams.get('per_page') ?? 30)
      const page = Number(url.searchParams.get('page') ?? 1)
      return send(200, fake.comments.slice((page - 1) * perPage, page * perPage))
    }
    if (request.method === 'POST' && url.pathname === listPath) {
      const comment = { id: 1000 + fake.comments.length, body: (JSON.parse(text) as { body: string }).body }
      fake.comments.push(comment)
      return send(201, { ...comment, html_url: `https://github.com/${repository}/pull/${pullRequest}#issuecomment-${comment.id}` })
    }
    const existing = update ? fake.comments.find((comment) => comment.id === Number(update[1])) : undefined
    if (request.method === 'PATCH' && existing) {
      existing.body = (JSON.parse(text) as { body: string }).body
      return send(200, { ...existing, html_url: `https://github.com/${repository}/pull/${pullRequest}#issuecomment-${existing.id}` })
    }
    send(404, { message: 'Not Found' })
  }
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done))
  const { port } = server.address() as AddressInfo
  return Object.assign(fake, {
    apiUrl: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((done) => { server.closeAllConnections(); server.close(() => done()) }),
  })
}
