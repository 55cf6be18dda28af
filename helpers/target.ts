import { afterAll } from 'vitest'
import type { NixInfo, Target } from '../reports/results-schema.ts'
import type { FlakebenchConfig } from './config/schema.ts'
import { createFixtureFlake, removeFixtureFlake, type FlakeHost } from './fixtures/fixture-flake.ts'
import { detectNix, nixCommand, nixEnvironment } from './process/nix.ts'
import { runChecked, runCommand } from './process/run-command.ts'

/** What the benches run against: the generated fixture or the user's flake. */
export interface FlakeTarget {
  flakeRef: string
  /** The fixture's next generation (one module changed); null for a user's flake. */
  changedFlakeRef: string | null
  hosts: FlakeHost[]
  nix: NixInfo
  description: Target
  dispose: () => Promise<void>
}

export async function openFlakeTarget(config: FlakebenchConfig): Promise<FlakeTarget> {
  const nix = await detectNix()
  if (config.flake) {
    const hosts = config.hosts?.map((host) => ({ ...host, kind: 'unknown' as const })) ?? (await discoverHosts(config))
    return {
      flakeRef: config.flake,
      changedFlakeRef: null,
      hosts,
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
    nix,
    description: { kind: 'fixture', flakeRef: fixture.dir, fixtureShape: { ...config.fixture }, revision: fixture.revision },
    dispose: () => removeFixtureFlake(fixture),
  }
}

/**
 * The target of a bench file, opened on first use (so that a missing nix fails each test with its own clear
 * message) and disposed after the file's tests.
 */
export function useFlakeTarget(config: FlakebenchConfig): () => Promise<FlakeTarget> {
  let opened: Promise<FlakeTarget> | undefined
  afterAll(async () => {
    const target = await opened?.catch(() => undefined)
    await target?.dispose()
  })
  return () => (opened ??= openFlakeTarget(config))
}

/** nixosConfigurations and darwinConfigurations of a flake; a flake without either yields no hosts. */
async function discoverHosts(config: FlakebenchConfig): Promise<FlakeHost[]> {
  const env = nixEnvironment({ offline: config.offline })
  const kinds = [
    { kind: 'nixos' as const, output: 'nixosConfigurations', toplevel: 'config.system.build.toplevel' },
    { kind: 'darwin' as const, output: 'darwinConfigurations', toplevel: 'system' },
  ]
  const hosts: FlakeHost[] = []
  for (const { kind, output, toplevel } of kinds) {
    const run = await runCommand(nixCommand({
      args: ['eval', '--json', `${config.flake}#${output}`, '--apply', 'builtins.attrNames'],
      env,
      timeoutMs: config.timeoutMs,
    }))
    if (run.sample.exitCode !== 0) continue
    for (const name of JSON.parse(run.stdout) as string[]) hosts.push({ name, kind, attr: `${output}.${name}.${toplevel}` })
  }
  return hosts
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
