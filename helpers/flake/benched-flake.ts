import { afterAll } from 'vitest'
import type { NixInfo, Target } from '../model/results-schema.ts'
import type { FlakebenchConfig } from '../config/schema.ts'
import { createFixtureFlake, removeFixtureFlake } from '../generate/fixture-flake.ts'
import { checkHostsExist, discoverHosts, hostKindOf, hostSystem, localSystems, unbuildableReason, type FlakeHost } from './configurations.ts'
import { detectNix, nixCommand, nixEnvironment } from '../process/nix.ts'
import { runChecked } from '../process/run-command.ts'

/** What the benches run against: the generated fixture or the user's flake. */
export interface BenchedFlake {
  flakeRef: string
  /** The next generation: the fixture's (one module changed) or `builds.changedFlake`; null when there is none. */
  changedFlakeRef: string | null
  hosts: FlakeHost[]
  /** Why a host cannot be built on this machine (its system needs another builder), or null when it can. */
  unbuildableReason: (host: FlakeHost) => Promise<string | null>
  nix: NixInfo
  description: Target
  dispose: () => Promise<void>
}

export async function openBenchedFlake(config: FlakebenchConfig): Promise<BenchedFlake> {
  const nix = await detectNix()
  const call = { env: nixEnvironment({ offline: config.offline }), timeoutMs: config.timeoutMs }
  const systems = new Map<string, Promise<string | null>>()
  let buildable: Promise<string[]> | undefined
  const unbuildable = (flakeRef: string) => (host: FlakeHost) => {
    if (!systems.has(host.name)) {
      systems.set(host.name, (async () => unbuildableReason(await hostSystem(flakeRef, host, call), await (buildable ??= localSystems(call))))())
    }
    return systems.get(host.name)!
  }
  if (config.flake) {
    const configured = config.hosts?.map(({ name, attr, kind }) => ({ name, attr, kind: hostKindOf(attr, kind) }))
    if (configured) await checkHostsExist(config.flake, configured, call)
    const hosts = configured ?? (await discoverHosts(config.flake, call))
    return {
      flakeRef: config.flake,
      changedFlakeRef: config.builds.changedFlake ?? null,
      hosts,
      unbuildableReason: unbuildable(config.flake),
      nix,
      description: { kind: 'flake', flakeRef: config.flake, fixtureShape: null, revision: await flakeRevision(config) },
      dispose: async () => {},
    }
  }
  const fixture = await createFixtureFlake(config.fixture)
  return {
    flakeRef: fixture.dir,
    changedFlakeRef: fixture.changedFlakeRef,
    hosts: fixture.hosts,
    // Every fixture host targets this machine's system.
    unbuildableReason: async () => null,
    nix,
    description: { kind: 'fixture', flakeRef: fixture.dir, fixtureShape: { ...config.fixture }, revision: fixture.revision },
    dispose: () => removeFixtureFlake(fixture),
  }
}

/**
 * The flake a bench file runs against, opened on first use (so that a missing nix fails each test with its own clear
 * message) and disposed after the file's tests.
 */
export function useBenchedFlake(config: FlakebenchConfig): () => Promise<BenchedFlake> {
  let opened: Promise<BenchedFlake> | undefined
  afterAll(async () => {
    const target = await opened?.catch(() => undefined)
    await target?.dispose()
  })
  return () => (opened ??= openBenchedFlake(config))
}

async function flakeRevision(config: FlakebenchConfig): Promise<string | null> {
  const stdout = await runChecked(nixCommand({
    args: ['flake', 'metadata', '--json', config.flake!],
    env: nixEnvironment({ offline: config.offline }),
    timeoutMs: config.timeoutMs,
  }))
  const metadata = JSON.parse(stdout) as { revision?: string; dirtyRevision?: string }
  return metadata.revision ?? metadata.dirtyRevision ?? null
}
