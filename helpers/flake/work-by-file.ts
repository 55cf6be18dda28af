import { z } from 'zod'
import type { FileWork, HostWork } from '../model/base-against-head.ts'
import { FlakebenchError } from '../errors.ts'

/** The store paths of a flake's source and of each of its inputs ("a/b" for input b of input a). */
export interface FlakeSources {
  self: string
  inputs: Array<{ name: string; path: string }>
}

/** One file's share of an evaluation: function calls and attribute selections at positions in it. */
export interface FileCount {
  file: string
  origin: string
  calls: number
  selections: number
}

const Position = z.object({ file: z.string().optional(), count: z.number().int().nonnegative() })
const CountCalls = z.object({ functions: z.array(Position), attributes: z.array(Position) })

type ArchiveNode = { path: string; inputs?: Record<string, ArchiveNode> }
const ArchiveNodeSchema: z.ZodType<ArchiveNode> = z.lazy(() => z.object({ path: z.string(), inputs: z.record(z.string(), ArchiveNodeSchema).optional() }))

const COUNT_CALLS_HINT = 'Nix writes `functions` and `attributes` only with NIX_COUNT_CALLS=1 together with NIX_SHOW_STATS=1 (checked with Nix 2.8); a Nix that ignores NIX_COUNT_CALLS cannot show where the work went'

/** `nix flake archive --json --dry-run` → the flake's and its inputs' source paths, nested inputs named "a/b". */
export function flakeSourcesFromArchive(archive: unknown): FlakeSources {
  const parsed = ArchiveNodeSchema.safeParse(archive)
  if (!parsed.success) throw new FlakebenchError(`\`nix flake archive --json\` printed an unexpected shape: ${parsed.error.issues[0]?.message ?? 'unknown'}`)
  const inputs: FlakeSources['inputs'] = []
  const walk = (node: ArchiveNode, prefix: string) => {
    for (const [name, child] of Object.entries(node.inputs ?? {})) {
      const qualified = prefix ? `${prefix}/${name}` : name
      // An input that follows another has the same path: named once, by its first name.
      if (!inputs.some((input) => input.path === child.path) && child.path !== parsed.data.path) inputs.push({ name: qualified, path: child.path })
      walk(child, qualified)
    }
  }
  walk(parsed.data, '')
  return { self: parsed.data.path, inputs }
}

/**
 * NIX_SHOW_STATS output with NIX_COUNT_CALLS → function calls and attribute selections summed per file, the file
 * relative to the flake (or to the input that holds it). Positions outside any file (Nix's internal call-flake
 * expression, `//builtin/…`, selections with no position) count as "<nix internal>".
 */
export function countWorkByFile(stats: unknown, sources: FlakeSources): FileCount[] {
  const parsed = CountCalls.safeParse(stats)
  if (!parsed.success) {
    throw new FlakebenchError(`the NIX_SHOW_STATS output has no per-position counts (${parsed.error.issues.map((issue) => issue.path.join('.') || issue.message).join(', ')})`, { hint: COUNT_CALLS_HINT })
  }
  const roots = [{ name: 'self', path: sources.self }, ...sources.inputs].sort((a, b) => b.path.length - a.path.length)
  const byFile = new Map<string, FileCount>()
  const add = (file: string | undefined, count: number, field: 'calls' | 'selections') => {
    const { name, origin } = locate(file, roots)
    const entry = byFile.get(name) ?? { file: name, origin, calls: 0, selections: 0 }
    entry[field] += count
    byFile.set(name, entry)
  }
  for (const { file, count } of parsed.data.functions) add(file, count, 'calls')
  for (const { file, count } of parsed.data.attributes) add(file, count, 'selections')
  return [...byFile.values()].sort((a, b) => b.calls + b.selections - (a.calls + a.selections) || a.file.localeCompare(b.file))
}

function locate(file: string | undefined, roots: ReadonlyArray<{ name: string; path: string }>): { name: string; origin: string } {
  if (!file || !file.startsWith('/') || file.startsWith('//')) return { name: '<nix internal>', origin: 'nix' }
  const root = roots.find(({ path }) => file.startsWith(`${path}/`))
  if (!root) return { name: file.replace(/^\/nix\/store\/[0-9a-z]{32}-/, '<store>/'), origin: 'other' }
  const relative = file.slice(root.path.length + 1)
  return root.name === 'self' ? { name: relative, origin: 'self' } : { name: `${root.name}:${relative}`, origin: root.name }
}

/**
 * Base against head for one host: every origin summed, and the files that changed most (then cost most), largest
 * change first; `keep` of each kind, so the list stays short on a flake of thousands of files.
 */
export function diffWork(host: string, base: readonly FileCount[], head: readonly FileCount[], keep: number): HostWork {
  const files = new Map<string, FileWork>()
  const entry = (count: FileCount) => files.get(count.file) ?? { file: count.file, origin: count.origin, baseCalls: 0, headCalls: 0, baseSelections: 0, headSelections: 0 }
  for (const count of base) files.set(count.file, { ...entry(count), baseCalls: count.calls, baseSelections: count.selections })
  for (const count of head) files.set(count.file, { ...entry(count), headCalls: count.calls, headSelections: count.selections })
  const all = [...files.values()]
  const origins = new Map<string, Omit<FileWork, 'file'>>()
  for (const { file: _file, ...work } of all) {
    const sum = origins.get(work.origin) ?? { origin: work.origin, baseCalls: 0, headCalls: 0, baseSelections: 0, headSelections: 0 }
    origins.set(work.origin, { origin: work.origin, baseCalls: sum.baseCalls + work.baseCalls, headCalls: sum.headCalls + work.headCalls, baseSelections: sum.baseSelections + work.baseSelections, headSelections: sum.headSelections + work.headSelections })
  }
  const byChange = [...all].sort((a, b) => Math.abs(workChange(b)) - Math.abs(workChange(a)) || headCost(b) - headCost(a) || a.file.localeCompare(b.file))
  const byCost = [...all].sort((a, b) => headCost(b) - headCost(a) || a.file.localeCompare(b.file))
  const kept = new Set([...byChange.slice(0, keep).filter((file) => workChange(file) !== 0), ...byCost.slice(0, keep)])
  return {
    host,
    origins: [...origins.values()].sort((a, b) => headCost(b) - headCost(a) || a.origin.localeCompare(b.origin)),
    files: byChange.filter((file) => kept.has(file)),
    filesCounted: all.length,
  }
}

/** Calls plus selections, head − base: the change in a file's evaluation work. */
export function workChange(work: Omit<FileWork, 'file'>): number {
  return work.headCalls + work.headSelections - work.baseCalls - work.baseSelections
}

function headCost(work: Omit<FileWork, 'file'>): number {
  return Math.max(work.headCalls + work.headSelections, work.baseCalls + work.baseSelections)
}
