import { join } from 'node:path'
import { afterAll } from 'vitest'
import type { FlakebenchConfig } from '../config/schema.ts'
import type { FlakeHost } from '../flake/configurations.ts'
import { nixCommand, nixEnvironment, type NixCall } from '../process/nix.ts'
import { assertSucceeded, runChecked, runCommand } from '../process/run-command.ts'
import { openBenchedFlake, type BenchedFlake } from '../flake/benched-flake.ts'
import { createBinaryCache, type BinaryCache } from './binary-cache.ts'
import { BuildWorkspace, storeUri } from './build-workspace.ts'
import { buildFailureText, inspectBuild, nixBuild } from './host-build.ts'
import { sharedGeneration, sharedGenerationsDir, type StoredGeneration } from './shared-generations.ts'

/** What the build benches of one file share: the flake, a workspace for stores, one signed cache per host. */
export interface BuildState {
  flake: BenchedFlake
  workspace: BuildWorkspace
  call: (signal?: AbortSignal) => Omit<NixCall, 'args'>
  /** The host's base generation, built once (untimed) on first use into a store of its own, and a signed cache of it. */
  baseGeneration: (host: FlakeHost) => Promise<BaseGeneration>
  /** A signed file:// cache holding the host's base generation. */
  baseCache: (host: FlakeHost) => Promise<BinaryCache>
  /** Builds an attribute of the fixture into a store, untimed; returns its out path. A failure shows Nix's error. */
  buildAttr: (attr: string, storeRoot: string, caches: BinaryCache[], signal?: AbortSignal) => Promise<string>
  /** Fills a store with the host's base generation from its cache, checked to substitute only. */
  substituteBase: (host: FlakeHost, storeRoot: string) => Promise<void>
  /**
   * The host's activation package, built once (untimed) into a store of its own from the base generation's cache:
   * what gets deployed and activated. Nothing may change that store: other bench files of the run read it too.
   */
  activationPackage: (host: FlakeHost, signal?: AbortSignal) => Promise<{ storeRoot: string; script: string }>
}

export interface BaseGeneration {
  storeRoot: string
  /** The top-level output path. */
  outPath: string
  cache: BinaryCache
}

/**
 * Base generations and activation packages are the same builds in every bench file of a run: a bench run shares
 * them (helpers/builds/shared-generations.ts; one uncached build of the host instead of one per file, ~5 s each on
 * the seed's fleet), keyed by the derivation and the Nix that builds it. Outside a bench run each file builds its own.
 */
export function useBuildState(config: FlakebenchConfig): () => Promise<BuildState> {
  let opened: Promise<BuildState> | undefined
  afterAll(async () => {
    const state = await opened?.catch(() => undefined)
    await state?.workspace.dispose()
    await state?.flake.dispose()
  })
  return () => (opened ??= openBuildState(config))
}

async function openBuildState(config: FlakebenchConfig): Promise<BuildState> {
  const flake = await openBenchedFlake(config)
  const workspace = await BuildWorkspace.create()
  const call = (signal?: AbortSignal) => ({ env: nixEnvironment({ offline: config.offline }), timeoutMs: config.timeoutMs, signal })
  const generations = new Map<string, Promise<BaseGeneration>>()

  const build = async (attr: string, storeRoot: string, caches: BinaryCache[], signal?: AbortSignal) => {
    const spec = nixBuild({ storeRoot, installables: [`${flake.flakeRef}#${attr}`], caches, call: call(signal) })
    const run = await runCommand(spec)
    assertSucceeded(spec, run, buildFailureText(run))
    return { run, outPath: (JSON.parse(run.stdout) as Array<{ outputs: Record<string, string> }>)[0]!.outputs.out! }
  }
  /** A host's top level, checked against the cache state it must show. */
  const buildHost = async (host: FlakeHost, storeRoot: string, caches: BinaryCache[], expectation: 'uncached' | 'cached') => {
    const { run, outPath } = await build(host.attr, storeRoot, caches)
    await inspectBuild(run, expectation, storeRoot, call())
    return outPath
  }

  /** Built once per run when the run shares its builds, else once per file into the workspace. */
  const once = async (attr: string, create: (storeRoot: string, cacheDir: string) => Promise<StoredGeneration>, signal?: AbortSignal) => {
    const root = sharedGenerationsDir()
    if (!root) return create(workspace.newPath('store'), workspace.newPath('cache'))
    // Evaluated into a store of the run's own, so that the user's /nix/store is not written to.
    const drvPath = (await runChecked(nixCommand({ ...call(signal), args: ['eval', '--raw', '--store', storeUri(join(root, 'eval-store')), `${flake.flakeRef}#${attr}.drvPath`] }))).trim()
    const key = JSON.stringify([flake.nix.versionLine, drvPath])
    return sharedGeneration(root, key, (dir) => create(join(dir, 'store'), join(dir, 'cache')), { timeoutMs: config.timeoutMs, signal })
  }

  const baseGeneration = (host: FlakeHost) => {
    const existing = generations.get(host.name)
    if (existing) return existing
    const created = (async () => {
      const { storeRoot, outPath, cache } = await once(host.attr, async (storeRoot, cacheDir) => {
        const outPath = await buildHost(host, storeRoot, [], 'uncached')
        return { storeRoot, outPath, cache: await createBinaryCache({ dir: cacheDir, fromStoreRoot: storeRoot, path: outPath, signed: true, call: call() }) }
      })
      return { storeRoot, outPath, cache: cache! }
    })()
    generations.set(host.name, created)
    return created
  }
  const baseCache = async (host: FlakeHost) => (await baseGeneration(host)).cache

  const packages = new Map<string, Promise<{ storeRoot: string; script: string }>>()
  const activationPackage = (host: FlakeHost, signal?: AbortSignal) => {
    const existing = packages.get(host.name)
    if (existing) return existing
    const created = (async () => {
      const cache = await baseCache(host)
      const { storeRoot, outPath } = await once(host.activationAttr!, async (storeRoot) => {
        return { storeRoot, outPath: (await build(host.activationAttr!, storeRoot, [cache], signal)).outPath, cache: null }
      }, signal)
      return { storeRoot, script: outPath }
    })()
    packages.set(host.name, created)
    return created
  }

  return {
    flake,
    workspace,
    call,
    baseGeneration,
    baseCache,
    buildAttr: async (attr, storeRoot, caches, signal) => (await build(attr, storeRoot, caches, signal)).outPath,
    substituteBase: async (host, storeRoot) => {
      await buildHost(host, storeRoot, [await baseCache(host)], 'cached')
    },
    activationPackage,
  }
}
