import { existsSync } from 'node:fs'
import { chmod, readdir, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { createTempDir, type TempDir } from '../process/temp-dir.ts'

/**
 * Temporary chroot stores (`local?root=DIR`) and binary caches of one bench file, all under one directory that
 * `dispose` removes. A chroot store is a store other than /nix/store, so every build in it is a real, sandboxed,
 * uncached build, and the user's own store is never touched.
 */
export class BuildWorkspace {
  private count = 0

  private constructor(private readonly tempDir: TempDir) {}

  static async create(): Promise<BuildWorkspace> {
    return new BuildWorkspace(await createTempDir('flakebench-build-', removeTree))
  }

  get dir(): string {
    return this.tempDir.path
  }

  /** A path for a new store or cache inside the workspace (created by whoever uses it). */
  newPath(kind: 'store' | 'cache'): string {
    this.count += 1
    return join(this.dir, `${kind}-${this.count}`)
  }

  dispose(): Promise<void> {
    return this.tempDir.remove()
  }
}

export function storeUri(root: string): string {
  return `local?root=${root}`
}

/** Store paths are read-only: without root, rm needs write permission on each directory first. */
export async function removeTree(path: string): Promise<void> {
  try {
    await rm(path, { recursive: true, force: true })
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EACCES' && (error as NodeJS.ErrnoException).code !== 'EPERM') throw error
    await makeWritable(path)
    await rm(path, { recursive: true, force: true })
  }
}

async function makeWritable(dir: string): Promise<void> {
  await chmod(dir, 0o755).catch(() => undefined)
  for (const entry of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
    if (entry.isDirectory()) await makeWritable(join(dir, entry.name))
  }
}

/** Debian's Nix has no /bin/sh inside the build sandbox; busybox-static provides one (scripts/install-system-deps.sh installs it; docs/setup.md). */
export function sandboxShellArgs(): string[] {
  const busybox = '/bin/busybox'
  return existsSync(busybox) ? ['--option', 'sandbox-paths', `/bin/sh=${busybox} ${busybox}`] : []
}
