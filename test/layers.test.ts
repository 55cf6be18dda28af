import { readdirSync, readFileSync } from 'node:fs'
import { builtinModules } from 'node:module'
import { dirname, join, relative, resolve, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import { expect, test } from 'vitest'

// Data flows one way (config → measure → statistics → thresholds → results JSON → Markdown): the shared vocabulary
// sits at the bottom in helpers/model, and nothing under helpers/ or bench/ may reach up into reports/.
const ROOT = fileURLToPath(new URL('..', import.meta.url))

/** Every .ts file under a folder of the project, as paths relative to the project root. */
function tsFiles(folder: string): string[] {
  return readdirSync(join(ROOT, folder), { recursive: true, encoding: 'utf8' })
    .filter((path) => path.endsWith('.ts'))
    .map((path) => join(folder, path))
    .sort()
}

/** The specifiers of a file's static imports and re-exports and its dynamic `import('…')` calls. */
function importSpecifiers(source: string): string[] {
  const statics = source.matchAll(/^\s*(?:import|export)\b[^'"]*?\bfrom\s*['"]([^'"]+)['"]/gm)
  const bare = source.matchAll(/^\s*import\s*['"]([^'"]+)['"]/gm)
  const dynamic = source.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g)
  return [...statics, ...bare, ...dynamic].map((match) => match[1]!)
}

/** Each import of a file, with the project-relative path it resolves to (null for a package). */
function imports(file: string): Array<{ specifier: string; target: string | null }> {
  return importSpecifiers(readFileSync(join(ROOT, file), 'utf8')).map((specifier) => ({
    specifier,
    target: specifier.startsWith('.') ? relative(ROOT, resolve(ROOT, dirname(file), specifier)) : null,
  }))
}

test('the import scan sees static, multi-line, type-only, bare and dynamic imports', () => {
  const source = [
    "import { z } from 'zod'",
    "import type { Sample } from '../model/results-schema.ts'",
    'import {',
    '  a,',
    '  b,',
    "} from '../../reports/collect.ts'",
    "export { c } from './c.ts'",
    "import './side-effect.ts'",
    "const lazy = await import('../reports/render.ts')",
    "// a word like import or from 'x' in prose is not an import",
  ].join('\n')
  expect(importSpecifiers(source)).toEqual(['zod', '../model/results-schema.ts', '../../reports/collect.ts', './c.ts', './side-effect.ts', '../reports/render.ts'])
})

test('no file under helpers/ or bench/ imports from reports/ (a later stage)', () => {
  const files = [...tsFiles('helpers'), ...tsFiles('bench')]
  expect(files.length, 'the scan found the source files').toBeGreaterThan(50)
  const upward = files.flatMap((file) => imports(file)
    .filter(({ target }) => target !== null && (target === 'reports' || target.startsWith(`reports${sep}`)))
    .map(({ specifier }) => `${file} imports ${specifier}`))
  expect(upward, 'move what these need into helpers/model (or the stage it belongs to)').toEqual([])
})

test('helpers/model imports nothing of ours but its own files: only zod and node builtins', () => {
  const files = tsFiles(join('helpers', 'model'))
  expect(files).toContain(join('helpers', 'model', 'results-schema.ts'))
  const builtins = new Set(builtinModules)
  const outside = files.flatMap((file) => imports(file)
    .filter(({ specifier, target }) => target === null
      ? specifier !== 'zod' && !specifier.startsWith('node:') && !builtins.has(specifier)
      : !target.startsWith(`helpers${sep}model${sep}`))
    .map(({ specifier }) => `${file} imports ${specifier}`))
  expect(outside, 'helpers/model is the bottom layer').toEqual([])
})
