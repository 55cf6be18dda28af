import { formatBytes, formatCi, formatDurationMs, formatMedian } from '../../helpers/model/format.ts'
import type { DirtyTreeEvalCache, HarnessFloor, NixInfo, PerformanceResults, Provenance, RunMode, Target } from '../../helpers/model/results-schema.ts'
import { inlineCode } from './code.ts'
import { markdownTable } from './table.ts'

/** What the figures were measured on and against: without it they cannot be compared with another run. */
export function provenanceSection(results: PerformanceResults): string[] {
  const { machine, nix, dirtyTreeEvalCache, nodeVersion, vitestVersion, flakebenchRevision } = results.provenance
  const { startedAt, finishedAt } = results.run
  const rows: string[][] = [
    ['Machine', `${machine.cpuModel}, ${machine.physicalCores} cores (${machine.logicalCores} logical), ${formatBytes(machine.memoryBytes)} memory, ${machine.arch}`],
    ['OS', `${machine.os}, kernel ${machine.kernel}`],
    ['Nix', nixText(nix)],
    ['Eval cache, dirty git tree', dirtyTreeText(dirtyTreeEvalCache)],
    ['Node / Vitest', `${nodeVersion} / ${vitestVersion}`],
    ['flakebench revision', flakebenchRevision ?? 'unknown'],
    ['Target', targetText(results.target)],
    ...(results.target?.fixtureShape ? [['Fixture shape', shapeText(results.target.fixtureShape)]] : []),
    ['Mode', modeText(results.mode)],
    ['Harness floor', floorText(results.harnessFloor)],
    ...(results.provenance.resolution ? [['Resolution', resolutionText(results.provenance.resolution)]] : []),
    ['Run', `${startedAt} → ${finishedAt} (${formatDurationMs(Date.parse(finishedAt) - Date.parse(startedAt))})`],
  ]
  return ['## Provenance', '', ...markdownTable([{ header: 'What', align: 'left' }, { header: 'Value', align: 'left' }], rows)]
}

function nixText(nix: NixInfo | null): string {
  if (!nix) return 'not found'
  const implementation = nix.implementation === 'unknown' ? 'unknown implementation' : nix.implementation
  return `${implementation} ${nix.version} (${inlineCode(nix.versionLine)})`
}

/** The probe's finding in words: it differs by Nix version (2.8 caches a dirty tree, 2.21 and later do not). */
function dirtyTreeText(probe: DirtyTreeEvalCache | null): string {
  if (!probe) return 'not probed (no nix)'
  if (probe.status === 'unknown') return `unknown: ${probe.reason}`
  const command = inlineCode(probe.command.slice(0, -1).join(' '))
  return probe.status === 'cached'
    ? `cached (probed: ${command} of a dirty tree was answered by a fresh eval cache on run ${probe.answeredOnRun})`
    : `not cached (probed: ${command} of a dirty tree was never answered in ${probe.runsPerTree} runs, the committed tree on run ${probe.committedAnsweredOnRun}): warm evaluation needs a committed tree`
}

function targetText(target: Target | null): string {
  if (!target) return 'none'
  return `${target.kind} ${inlineCode(target.flakeRef)}${target.revision ? ` at revision ${target.revision}` : ''}`
}

function modeText(mode: RunMode): string {
  const deploy = {
    none: 'deployed nowhere',
    'test-hosts': 'deployed to its own sshd test hosts only',
    copy: 'copied closures to your machines, activated nothing',
    'dry-activate': 'copied closures to your machines and dry-activated them (nothing changed)',
    switch: 'copied closures to your machines and **switched** them (allow.switch)',
  }[mode.deploy]
  const terraform = { embedded: 'terraform on its embedded configuration in a temporary directory', plan: 'terraform plan of your directory (no apply)', apply: 'terraform **apply** of your directory (allow.terraformApply)' }[mode.terraform]
  const deleted = { none: 'no store path deleted outside its temporary stores', 'fixture source': 'deleted only the fixture\'s own source from the Nix store', 'flake source': 'deleted your flake\'s source path from the Nix store (allow.deleteStorePaths)' }[mode.storePathsDeleted]
  return `profile ${mode.profile}; ${deploy}; ${terraform}; ${deleted}`
}

function shapeText(shape: NonNullable<Target['fixtureShape']>): string {
  return Object.entries(shape).map(([key, value]) => `${key} ${Array.isArray(value) ? `[${value.join(', ')}]` : value}`).join(', ')
}

/**
 * Spawn to exit of `true` through the wrapper, nothing subtracted (always a positive figure: what a sample costs the
 * harness), then what `true` reads as every bench does, after the wrapper's cost: a figure, or below resolution.
 */
function floorText(floor: HarnessFloor | null): string {
  if (!floor) return 'not measured'
  const command = inlineCode(floor.command.join(' '))
  if (floor.rawMedianMs === undefined || floor.resolutionMs === undefined) {
    return `${formatDurationMs(floor.medianMs)} median (MAD ${formatDurationMs(floor.madMs)}, n ${floor.n}) to spawn ${command}`
  }
  const reads = floor.belowResolution ? formatMedian(floor) : `${formatDurationMs(floor.medianMs)} ±${formatDurationMs(floor.resolutionMs)}`
  return `${formatDurationMs(floor.rawMedianMs)} median spawn → exit of ${command} through the measuring path, nothing subtracted ` +
    `(MAD ${formatDurationMs(floor.madMs)}, n ${floor.n}); as benches read it, less the wrapper's cost: ${reads}`
}

function resolutionText(resolution: NonNullable<Provenance['resolution']>): string {
  const bound = `±${formatDurationMs(resolution.resolutionMs)}`
  const tick = `the clock's tick (${formatDurationMs(resolution.timerGranularityMs)})`
  if (!resolution.wrapperCostMs) return `${bound}: nothing was subtracted from the samples; ${tick}`
  const [lowMs, highMs] = resolution.wrapperCostMs
  const cost = lowMs === highMs ? formatDurationMs(lowMs) : formatCi([lowMs, highMs])
  const [fewest, most] = resolution.pairs ?? [0, 0]
  const estimates = resolution.estimates === 1 ? 'one estimate' : `the coarsest of ${resolution.estimates} estimates, one per worker process`
  return `${bound}: the farther bound of the 95 % interval of GNU time's cost, at least ${tick}; ${estimates}. ` +
    `That cost, ${cost}, is subtracted from every sample: the median of ${fewest === most ? fewest : `${fewest}–${most}`} paired spawns of \`true\` with and without it`
}
