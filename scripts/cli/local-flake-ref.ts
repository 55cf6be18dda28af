import { statSync } from 'node:fs'
import { resolve } from 'node:path'

/**
 * A flake reference given on the command line, with a local path made absolute against `cwd`: the same flake for
 * every Nix command of the run and in the results, whatever directory each runs in. A reference with a scheme
 * (`git+file:…`, `github:…`, `path:…`) stays as it is; so does a bare name that is no directory here, which Nix
 * reads as a registry name.
 */
export function localFlakeRef(ref: string, cwd: string): string {
  if (/^[a-z][a-z0-9+.-]*:/i.test(ref)) return ref
  if (ref.startsWith('/') || ref.startsWith('.') || ref.includes('/') || isDirectory(resolve(cwd, ref))) return resolve(cwd, ref)
  return ref
}

function isDirectory(path: string): boolean {
  return statSync(path, { throwIfNoEntry: false })?.isDirectory() ?? false
}
