import type { ClosureDifference } from '../model/base-against-head.ts'
import { runChecked } from '../process/run-command.ts'

export interface ClosureCall {
  env: Record<string, string>
  timeoutMs: number
  signal?: AbortSignal
}

export interface Closure {
  kind: ClosureDifference['closure']
  /** Store path → NAR size in bytes. */
  narBytes: Map<string, number>
}

/**
 * A host's closure without building anything: the runtime closure of its outputs when they are all in the store
 * (built before), else the closure of its derivation (every .drv and source it needs), which evaluation wrote.
 */
export async function hostClosure(drvPath: string, call: ClosureCall, derivationsOnly = false): Promise<Closure> {
  const nixStore = (...args: string[]) => runChecked({ file: 'nix-store', args, ...call })
  const outputs = lines(await nixStore('--query', '--outputs', drvPath))
  const valid = await Promise.all(outputs.map(async (path) => (await runChecked({ file: 'nix-store', args: ['--check-validity', path], ...call }).then(() => true, () => false))))
  const built = !derivationsOnly && outputs.length > 0 && valid.every(Boolean)
  const paths = lines(await nixStore('--query', '--requisites', ...(built ? outputs : [drvPath])))
  const sizes = lines(await nixStore('--query', '--size', ...paths)).map(Number)
  return { kind: built ? 'outputs' : 'derivations', narBytes: new Map(paths.map((path, index) => [path, sizes[index] ?? 0])) }
}

/**
 * Paths added and removed, by name with the hash stripped (nvd's view: "service-1" changed, not two unrelated
 * hashes), and the NAR sizes. Both closures must be of one kind (see `sameKindClosures`).
 */
export function diffClosures(host: string, base: Closure, head: Closure): ClosureDifference {
  const names = (closure: Closure) => new Set([...closure.narBytes.keys()].map(storeName))
  const [baseNames, headNames] = [names(base), names(head)]
  const paths = (closure: Closure) => new Set(closure.narBytes.keys())
  const [basePaths, headPaths] = [paths(base), paths(head)]
  const sum = (closure: Closure) => [...closure.narBytes.values()].reduce((total, bytes) => total + bytes, 0)
  return {
    host,
    closure: base.kind,
    basePaths: basePaths.size,
    headPaths: headPaths.size,
    added: [...headNames].filter((name) => !baseNames.has(name)).sort(),
    removed: [...baseNames].filter((name) => !headNames.has(name)).sort(),
    changed: [...headPaths].filter((path) => !basePaths.has(path) && baseNames.has(storeName(path))).map(storeName).sort(),
    baseBytes: sum(base),
    headBytes: sum(head),
  }
}

/** Base's and head's closures of one kind: the outputs' when both were built, else both derivation closures. */
export async function sameKindClosures(baseDrv: string, headDrv: string, call: ClosureCall): Promise<[Closure, Closure]> {
  const [base, head] = await Promise.all([hostClosure(baseDrv, call), hostClosure(headDrv, call)])
  if (base.kind === head.kind) return [base, head]
  return Promise.all([hostClosure(baseDrv, call, true), hostClosure(headDrv, call, true)])
}

/** "/nix/store/<hash>-service-1.drv" → "service-1.drv". */
export function storeName(path: string): string {
  return path.replace(/^.*\/[0-9a-z]{32}-/, '')
}

function lines(text: string): string[] {
  return text.split('\n').map((line) => line.trim()).filter((line) => line.length > 0)
}
