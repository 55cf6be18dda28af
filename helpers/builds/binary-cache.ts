import { mkdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { NixCall } from '../process/nix.ts'
import { nixCommand } from '../process/nix.ts'
import { runChecked } from '../process/run-command.ts'
import { storeUri } from './build-workspace.ts'

export interface BinaryCache {
  /** e.g. file:///tmp/…/cache-3?compression=zstd */
  url: string
  /** The key Nix must trust to substitute from it; null for an unsigned cache. */
  publicKey: string | null
}

/** zstd: the default xz took 26 s for 50 MB here, zstd 0.3 s (docs/nix-on-this-machine.md). */
export const CACHE_COMPRESSION = 'zstd'
const CACHE_KEY_NAME = 'flakebench-cache-1'

/**
 * A real file:// binary cache holding a path's closure from a chroot store, signed with a key generated for it
 * (unless `signed` is false, which tests use to show that Nix then builds instead of substituting). The cache
 * signs as it receives (`secret-key`) and the source store stays unsigned, so a path carrying the cache's
 * signature elsewhere was substituted from it, not copied from the source.
 */
export async function createBinaryCache(options: {
  dir: string
  fromStoreRoot: string
  path: string
  signed: boolean
  call: Omit<NixCall, 'args'>
}): Promise<BinaryCache> {
  const { dir, fromStoreRoot, path, signed, call } = options
  const keysDir = join(dir, 'keys')
  await mkdir(keysDir, { recursive: true })
  let publicKey: string | null = null
  const [secretFile, publicFile] = [join(keysDir, 'secret'), join(keysDir, 'public')]
  if (signed) {
    await runChecked({ file: 'nix-store', args: ['--generate-binary-cache-key', CACHE_KEY_NAME, secretFile, publicFile], env: call.env, timeoutMs: call.timeoutMs, signal: call.signal })
    publicKey = (await readFile(publicFile, 'utf8')).trim()
  }
  const url = `file://${join(dir, 'nar')}?compression=${CACHE_COMPRESSION}`
  await runChecked(nixCommand({ ...call, args: ['copy', '--from', storeUri(fromStoreRoot), '--to', signed ? `${url}&secret-key=${secretFile}` : url, path] }))
  return { url, publicKey }
}

/** The name in a signature ("name:base64") made by the cache's key; null for an unsigned cache. */
export function cacheKeyName(cache: BinaryCache): string | null {
  return cache.publicKey?.split(':')[0] ?? null
}
