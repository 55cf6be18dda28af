import si from 'systeminformation'
import type { Provenance } from '../model/results-schema.ts'
import { COMMAND_TIMEOUT_MS } from '../config/defaults.ts'
import { probeDirtyTreeEvalCache } from '../flake/dirty-tree-probe.ts'
import { detectNix } from '../process/nix.ts'
import { runCommand } from '../process/run-command.ts'

/**
 * Where the figures were measured: machine, OS, Nix (with what its eval cache does with a dirty tree, probed here
 * since it differs by version) and the tool's own versions. The resolution is added from the benches
 * (run-resolution.ts).
 */
export async function gatherProvenance(vitestVersion: string, options: { probeEvalCache: boolean; cwd?: string; nixLabel?: string } = { probeEvalCache: true }): Promise<Omit<Provenance, 'resolution'>> {
  const cwd = options.cwd ?? process.cwd()
  const nixFound = detectNix().then((nix) => (options.nixLabel ? { ...nix, label: options.nixLabel } : nix)).catch(() => null)
  const [cpu, memory, os, nix, dirtyTreeEvalCache, revision] = await Promise.all([
    si.cpu(),
    si.mem(),
    si.osInfo(),
    nixFound,
    nixFound.then((found) => {
      if (!found) return null
      // An interrupted run ends at once: the probe's nix runs are not worth delaying it.
      return options.probeEvalCache ? probeDirtyTreeEvalCache({ timeoutMs: COMMAND_TIMEOUT_MS }) : { status: 'unknown' as const, reason: 'not probed: the run was interrupted' }
    }),
    runCommand({ file: 'git', args: ['-C', cwd, 'rev-parse', 'HEAD'], timeoutMs: 10_000 }).catch(() => null),
  ])
  return {
    machine: {
      cpuModel: [cpu.manufacturer, cpu.brand].filter(Boolean).join(' '),
      physicalCores: cpu.physicalCores,
      logicalCores: cpu.cores,
      memoryBytes: memory.total,
      os: [os.distro, os.release].filter(Boolean).join(' '),
      kernel: os.kernel,
      arch: os.arch,
    },
    nix,
    dirtyTreeEvalCache,
    nodeVersion: process.version,
    vitestVersion,
    flakebenchRevision: revision?.sample.exitCode === 0 ? revision.stdout.trim() : null,
  }
}
