import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, test } from 'vitest'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
/** The README is the page a newcomer reads in two minutes; the rest belongs in docs/. */
const README_MAX_LINES = 150

/** Markdown without fenced code blocks and inline code, where a `[x](y)` is text, not a link. */
function withoutCode(markdown: string): string {
  return markdown.replace(/^```[\s\S]*?^```/gm, '').replace(/`[^`\n]*`/g, '')
}

/** Every link target of a Markdown text: `[text](target)` and `[text](target "title")`. */
export function linkTargets(markdown: string): string[] {
  return [...withoutCode(markdown).matchAll(/\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map((match) => match[1]!)
}

/** The anchors GitHub gives a file's headings: lower case, punctuation dropped, spaces as hyphens, repeats numbered. */
export function headingAnchors(markdown: string): Set<string> {
  const anchors = new Set<string>()
  const seen = new Map<string, number>()
  for (const [, heading] of withoutFences(markdown).matchAll(/^#{1,6}\s+(.+?)\s*#*\s*$/gm)) {
    const slug = heading!.replace(/`/g, '').toLowerCase().replace(/[^\p{L}\p{M}\p{N}\p{Pc}\- ]/gu, '').replace(/ /g, '-')
    const count = seen.get(slug) ?? 0
    seen.set(slug, count + 1)
    anchors.add(count === 0 ? slug : `${slug}-${count}`)
  }
  return anchors
}

function withoutFences(markdown: string): string {
  return markdown.replace(/^```[\s\S]*?^```/gm, '')
}

/** The relative links of `file` (a path under `root`) that lead nowhere, each with why. */
export function brokenLinks(root: string, file: string): string[] {
  const text = readFileSync(join(root, file), 'utf8')
  const broken: string[] = []
  for (const target of linkTargets(text)) {
    if (/^[a-z][a-z+.-]*:/i.test(target)) continue // http:, https:, mailto: — not checked offline
    const [path, anchor] = target.split('#', 2) as [string, string | undefined]
    const resolved = path === '' ? join(root, file) : resolve(dirname(join(root, file)), decodeURIComponent(path))
    if (relative(root, resolved).startsWith('..')) {
      broken.push(`${file}: ${target} leads outside the repository`)
    } else if (!existsSync(resolved)) {
      broken.push(`${file}: ${target} does not exist`)
    } else if (anchor !== undefined && resolved.endsWith('.md') && statSync(resolved).isFile()
      && !headingAnchors(readFileSync(resolved, 'utf8')).has(anchor)) {
      broken.push(`${file}: ${target} names no heading of ${relative(root, resolved)}`)
    }
  }
  return broken
}

const docs = ['README.md', ...readdirSync(join(ROOT, 'docs')).filter((name) => name.endsWith('.md')).map((name) => `docs/${name}`)]

describe('README and docs/', () => {
  test(`README.md is at most ${README_MAX_LINES} lines`, () => {
    const lines = readFileSync(join(ROOT, 'README.md'), 'utf8').trimEnd().split('\n').length
    expect(lines, 'move detail into docs/ and link to it').toBeLessThanOrEqual(README_MAX_LINES)
  })

  test.each(docs)('every relative link of %s resolves, anchors included', (file) => {
    expect(brokenLinks(ROOT, file)).toEqual([])
  })

  test('every page of docs/ is linked from the README', () => {
    const linked = new Set(linkTargets(readFileSync(join(ROOT, 'README.md'), 'utf8')).map((target) => target.split('#')[0]))
    expect(docs.filter((file) => file !== 'README.md' && !linked.has(file))).toEqual([])
  })
})

describe('the link check itself', () => {
  test('finds links outside code, and anchors as GitHub makes them', () => {
    const text = 'See [a](docs/a.md#fidelity-flakebench-against-hyperfine) and `[b](nowhere.md)`.\n```\n[c](nor-here.md)\n```\n'
    expect(linkTargets(text)).toEqual(['docs/a.md#fidelity-flakebench-against-hyperfine'])
    expect([...headingAnchors('# Fidelity: flakebench against hyperfine\n## Run `npm test`\n## Run `npm test`\n')])
      .toEqual(['fidelity-flakebench-against-hyperfine', 'run-npm-test', 'run-npm-test-1'])
  })

  test('reports a missing file, a missing heading and a path outside the repository', () => {
    const file = 'test/recorded/docs-links/broken.md'
    expect(brokenLinks(ROOT, file)).toEqual([
      `${file}: missing.md does not exist`,
      `${file}: ../../../README.md#no-such-heading names no heading of README.md`,
      `${file}: ../../../../elsewhere.md leads outside the repository`,
    ])
  })
})
