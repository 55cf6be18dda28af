import { spawnSync } from 'node:child_process'
import { chmod, mkdir, mkdtemp, readdir, writeFile } from 'node:fs/promises'
import { existsSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, expect, test } from 'vitest'
import { removeTree } from '../../../helpers/builds/build-workspace.ts'
import { SHARED_GENERATIONS_DIR, createSharedGenerations, sharedGeneration, sharedGenerationsDir, type StoredGeneration } from '../../../helpers/builds/shared-generations.ts'

let root = ''
beforeEach(async () => { root = await mkdtemp(join(tmpdir(), 'flakebench-generations-test-')) })
afterEach(async () => { await removeTree(root) })

const options = { timeoutMs: 2_000 }

/** A stand-in for a build: writes a file into the store it is given and counts its calls. */
function fakeBuild(label: string) {
  const calls: string[] = []
  const create = async (dir: string): Promise<StoredGeneration> => {
    calls.push(dir)
    const storeRoot = join(dir, 'store')
    await mkdir(storeRoot, { recursive: true })
    await writeFile(join(storeRoot, 'out'), label)
    return { storeRoot, outPath: `/nix/store/${label}`, cache: null }
  }
  return { calls, create }
}

test('a key is built once; a second file gets what the first stored', async () => {
  const first = fakeBuild('a')
  const built = await sharedGeneration(root, 'key-a', first.create, options)
  const second = fakeBuild('other')
  const reused = await sharedGeneration(root, 'key-a', second.create, options)
  expect(reused, 'the stored record').toEqual(built)
  expect(first.calls.length, 'built once').toBe(1)
  expect(second.calls, 'the second caller built nothing').toEqual([])
})

test('another key (another derivation, another Nix) is built on its own', async () => {
  const build = fakeBuild('b')
  const one = await sharedGeneration(root, 'key-1', build.create, options)
  const two = await sharedGeneration(root, 'key-2', build.create, options)
  expect(build.calls.length).toBe(2)
  expect(one.storeRoot, 'separate stores').not.toBe(two.storeRoot)
})

test('callers at once: one builds, the other waits for it and reuses it', async () => {
  let release!: () => void
  const gate = new Promise<void>((resolve) => { release = resolve })
  const build = fakeBuild('c')
  const slow = async (dir: string) => { await gate; return build.create(dir) }
  const both = Promise.all([sharedGeneration(root, 'key-c', slow, options), sharedGeneration(root, 'key-c', slow, options)])
  setTimeout(release, 300)
  const [a, b] = await both
  expect(build.calls.length, 'one build for two callers').toBe(1)
  expect(b).toEqual(a)
})

test('a failed build leaves nothing behind, and the next caller builds again', async () => {
  const failing = async (dir: string): Promise<StoredGeneration> => {
    await writeFile(join(dir, 'partial'), 'x')
    throw new Error('nix build failed')
  }
  await expect(sharedGeneration(root, 'key-d', failing, options)).rejects.toThrow('nix build failed')
  expect(await readdir(root), 'no partial store, no lock').toEqual([])
  const build = fakeBuild('d')
  await sharedGeneration(root, 'key-d', build.create, options)
  expect(build.calls.length).toBe(1)
})

test('a lock left by a process that died is taken over', async () => {
  const dead = spawnSync('true').pid!
  const build = fakeBuild('e')
  // Finds the lock's name the way sharedGeneration does: build once in another root, then copy the layout.
  const probeRoot = await mkdtemp(join(tmpdir(), 'flakebench-generations-test-'))
  try {
    await sharedGeneration(probeRoot, 'key-e', build.create, options)
    const [name] = (await readdir(probeRoot)).filter((entry) => !entry.endsWith('.lock'))
    await mkdir(join(root, `${name}.lock`))
    await writeFile(join(root, `${name}.lock`, 'pid'), String(dead))
  } finally {
    await removeTree(probeRoot)
  }
  await sharedGeneration(root, 'key-e', build.create, options)
  expect(build.calls.length, 'built in both roots').toBe(2)
})

test('a lock held by a live process too long fails with what to do', async () => {
  const build = fakeBuild('f')
  const probeRoot = await mkdtemp(join(tmpdir(), 'flakebench-generations-test-'))
  let name = ''
  try {
    await sharedGeneration(probeRoot, 'key-f', build.create, options)
    name = (await readdir(probeRoot)).find((entry) => !entry.endsWith('.lock'))!
  } finally {
    await removeTree(probeRoot)
  }
  await mkdir(join(root, `${name}.lock`))
  await writeFile(join(root, `${name}.lock`, 'pid'), String(process.pid))
  await expect(sharedGeneration(root, 'key-f', build.create, { timeoutMs: 500 })).rejects.toThrow(
    `waited 1 s for process ${process.pid} to build a shared base generation (${join(root, `${name}.lock`)})`,
  )
  await expect(sharedGeneration(root, 'key-f', build.create, { timeoutMs: 500 })).rejects.toThrow('raise timeoutMs in the config')
})

test('the run-wide directory reaches workers through the environment and its teardown removes it, read-only stores too', async () => {
  const previous = process.env[SHARED_GENERATIONS_DIR]
  try {
    const teardown = await createSharedGenerations()
    const dir = sharedGenerationsDir()!
    expect(dir, 'set for workers').toMatch(/flakebench-generations-/)
    const stored = await sharedGeneration(dir, 'key-g', fakeBuild('g').create, options)
    await chmod(stored.storeRoot, 0o555)
    await teardown()
    expect(existsSync(dir), 'removed').toBe(false)
    expect(sharedGenerationsDir(), 'no longer offered').toBeNull()
  } finally {
    if (previous === undefined) delete process.env[SHARED_GENERATIONS_DIR]
    else process.env[SHARED_GENERATIONS_DIR] = previous
  }
})
