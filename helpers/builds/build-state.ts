import { afterAll } from 'vitest'
import type { FlakebenchConfig } from '../config/schema.ts'
import type { FlakeHost } from '../flake/configurations.ts'
import { nixEnvironment, type NixCall } from '../process/nix.ts'
import { assertSucceeded, runCommand } from '../process/run-command.ts'
import { openBenchedFlake, type BenchedFlake } from '../flake/benched-flake.ts'
import { createBinaryCache, type BinaryCache } from './binary-cache.ts'
import { BuildWorkspace } from './build-workspace.ts'
import { buildFailureText, inspectBuild, nixBuild } from './host-build.ts'

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
}

export interface BaseGeneration {
  storeRoot: string
  /** The top-level output path. */
  outPath: string
  cache: BinaryCache
}

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

  const baseGeneration = (host: FlakeHost) => {
    const existing = generations.get(host.name)
    if (existing) return existing
    const created = (async () => {
      const storeRoot = workspace.newPath('store')
      const outPath = await buildHost(host, storeRoot, [], 'uncached')
      const cache = await createBinaryCache({ dir: workspace.newPath('cache'), fromStoreRoot: storeRoot, path: outPath, signed: true, call: call() })
      return { storeRoot, outPath, cache }
    })()
    generations.set(host.name, created)
    return created
  }
  const baseCache = async (host: FlakeHost) => (await baseGeneration(host)).cache

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
  }
}
