import { CommandError, FlakebenchError } from '../errors.ts'
import { nixCommand, type NixCall } from '../process/nix.ts'
import { parseFlakeShow, type FlakeShowOutput } from '../nix-output/flake-show.ts'
import { runChecked } from '../process/run-command.ts'
import type { HostKind } from '../model/host-kinds.ts'

type Call = Omit<NixCall, 'args'>

export interface FlakeHost {
  name: string
  kind: HostKind | 'unknown'
  /** Attribute path of the host's top-level derivation. */
  attr: string
  /** Attribute path of the host's activation script, when flakebench knows it (the fixture's hosts). */
  activationAttr?: string
}

/** Where each kind of host lives in a flake, and which attribute of it is the thing built and deployed. */
const HOST_OUTPUTS = [
  { kind: 'nixos', output: 'nixosConfigurations', toplevel: 'config.system.build.toplevel' },
  { kind: 'darwin', output: 'darwinConfigurations', toplevel: 'system' },
  { kind: 'home', output: 'homeConfigurations', toplevel: 'activationPackage' },
] as const satisfies ReadonlyArray<{ kind: HostKind; output: string; toplevel: string }>

/** A configured host's kind, from its own setting or the output its attribute path starts with. */
export function hostKindOf(attr: string, kind?: HostKind): FlakeHost['kind'] {
  return kind ?? HOST_OUTPUTS.find(({ output }) => attr.startsWith(`${output}.`))?.kind ?? 'unknown'
}

/** A host's name as an attribute path segment: quoted when it is not a plain identifier (e.g. "alice@laptop"). */
function attrSegment(name: string): string {
  return /^[A-Za-z_][A-Za-z0-9_'-]*$/.test(name) ? name : JSON.stringify(name)
}

/**
 * The hosts of a flake: `nix flake show --json` lists its outputs (and names NixOS hosts itself); Nix does not
 * know darwinConfigurations or homeConfigurations and shows them as "unknown", so their names come from a
 * `nix eval` of the output. A flake that does not evaluate fails here with Nix's error.
 */
export async function discoverHosts(flakeRef: string, call: Call): Promise<FlakeHost[]> {
  const outputs = await flakeOutputs(flakeRef, call)
  const hosts: FlakeHost[] = []
  for (const { kind, output, toplevel } of HOST_OUTPUTS) {
    if (!outputs[output]) continue
    for (const name of await outputNames(flakeRef, output, outputs, call)) hosts.push({ name, kind, attr: `${output}.${attrSegment(name)}.${toplevel}` })
  }
  if (hosts.length === 0) {
    throw new FlakebenchError(`${flakeRef} has no hosts: its outputs are ${Object.keys(outputs).join(', ') || 'none'}`, {
      hint: 'give the flake nixosConfigurations, darwinConfigurations or homeConfigurations, or list hosts (name and attr) in the config',
    })
  }
  return hosts
}

/**
 * Checks that each configured host's output and name exist (cheaply: attribute names only, no configuration is
 * evaluated); a missing one is named with what exists instead.
 */
export async function checkHostsExist(flakeRef: string, hosts: readonly FlakeHost[], call: Call): Promise<void> {
  const outputs = await flakeOutputs(flakeRef, call)
  for (const [index, host] of hosts.entries()) {
    // Nix reads a quoted segment up to the next quote, with no escapes (parseAttrPath): not JSON.
    const [output = '', name] = host.attr.match(/"[^"]*"|[^.]+/g)?.map((segment) => (segment.startsWith('"') ? segment.slice(1, -1) : segment)) ?? []
    const where = `hosts[${index}].attr (${host.name})`
    if (!outputs[output]) {
      throw new FlakebenchError(`${where}: ${flakeRef} has no output "${output}"; its outputs are ${Object.keys(outputs).join(', ') || 'none'}`, { hint: 'fix the attribute path in the config' })
    }
    if (name === undefined) continue
    const names = await outputNames(flakeRef, output, outputs, call)
    if (!names.includes(name)) {
      throw new FlakebenchError(`${where}: ${output} has no "${name}"; it has ${names.join(', ') || 'nothing'}`, { hint: 'fix the attribute path in the config' })
    }
  }
}

/** `nix flake show --json` of any version (helpers/nix-output/flake-show.ts): every output, with its names where Nix knows them. */
async function flakeOutputs(flakeRef: string, call: Call): Promise<Record<string, FlakeShowOutput | undefined>> {
  const shown = await withHint(runChecked(nixCommand({ ...call, args: ['flake', 'show', '--json', flakeRef] })),
    `the flake ${flakeRef} does not evaluate: fix the error above (or the flake reference in the config)`)
  return parseFlakeShow(shown)
}

/** The names inside an output: from flake show when Nix knows the output's type, else from its attribute names. */
async function outputNames(flakeRef: string, output: string, outputs: Record<string, FlakeShowOutput | undefined>, call: Call): Promise<string[]> {
  const names = outputs[output]?.names
  if (names) return names
  return JSON.parse(await runChecked(nixCommand({ ...call, args: ['eval', '--json', `${flakeRef}#${output}`, '--apply', 'builtins.attrNames'] }))) as string[]
}

/** A failed Nix command's error (with Nix's own message in its stderr tail) and what to do about it. */
async function withHint<T>(pending: Promise<T>, hint: string): Promise<T> {
  try {
    return await pending
  } catch (error) {
    if (!(error instanceof CommandError)) throw error
    throw new CommandError(error.summary, { hint, stderrTail: error.stderrTail, exit: error.exit ?? undefined, cause: error })
  }
}

/** The systems this machine builds for: Nix's `system` and `extra-platforms`. */
export async function localSystems(call: Call): Promise<string[]> {
  const settings = JSON.parse(await runChecked(nixCommand({ ...call, args: ['show-config', '--json'] }))) as Record<string, { value: unknown } | undefined>
  const extra = settings['extra-platforms']?.value
  return [String(settings.system?.value), ...(Array.isArray(extra) ? extra.map(String) : [])]
}

/** The system a host's top level is built for (its derivation's `system`). */
export async function hostSystem(flakeRef: string, host: FlakeHost, call: Call): Promise<string> {
  return (await runChecked(nixCommand({ ...call, args: ['eval', '--raw', `${flakeRef}#${host.attr}.system`] }))).trim()
}

/** Why a host cannot be built here, or null when it can: a foreign system needs a builder of that system. */
export function unbuildableReason(system: string, buildable: readonly string[]): string | null {
  if (buildable.includes(system)) return null
  return `needs ${/^[aeioux]/.test(system) ? 'an' : 'a'} ${system} builder (this machine is ${buildable[0]})`
}
