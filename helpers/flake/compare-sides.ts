import type { FlakebenchConfig } from '../config/schema.ts'
import { CommandError, FlakebenchError } from '../errors.ts'
import type { Side } from '../model/base-against-head.ts'
import { nixCommand, nixEnvironment } from '../process/nix.ts'
import { runChecked } from '../process/run-command.ts'
import { flakeSources } from './count-calls.ts'
import { discoverHosts, hostKindOf, type FlakeHost } from './configurations.ts'
import type { FlakeSources } from './work-by-file.ts'

/** One side of a compare run: its reference, the revision Nix locked, its hosts and its source paths. */
export interface CompareSide {
  side: Side
  flakeRef: string
  revision: string | null
  hosts: FlakeHost[]
  sources: FlakeSources
  /** Names the side first in every error of its commands. */
  label: string
}

/**
 * Opens a side: fetches it, reads its revision and finds its hosts (the configured ones, else discovered). A side
 * that does not fetch or evaluate fails with Nix's error, and the error says which side it was.
 */
export async function openSide(config: FlakebenchConfig, side: Side, flakeRef: string, signal?: AbortSignal): Promise<CompareSide> {
  const label = `${side} (${flakeRef})`
  const call = { env: nixEnvironment({ offline: config.offline }), timeoutMs: config.timeoutMs, signal, label }
  try {
    const metadata = JSON.parse(await runChecked({ ...nixCommand({ ...call, args: ['flake', 'metadata', '--json', flakeRef] }), label })) as { revision?: string }
    const sources = await flakeSources(flakeRef, call)
    const hosts = config.hosts?.map(({ name, attr, kind }) => ({ name, attr, kind: hostKindOf(attr, kind) })) ?? (await discoverHosts(flakeRef, call))
    return { side, flakeRef, revision: metadata.revision ?? null, hosts, sources, label }
  } catch (error) {
    const described = error instanceof FlakebenchError ? error : null
    throw new CommandError(`the ${side} does not evaluate: ${described?.summary ?? String(error)}`, {
      hint: `fix the ${side}'s evaluation (Nix's error above; \`nix flake show ${flakeRef}\` shows it too), or compare another reference`,
      stderrTail: described?.stderrTail ?? null,
      exit: error instanceof CommandError ? error.exit ?? undefined : undefined,
      cause: error,
    })
  }
}
