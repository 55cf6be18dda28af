import si from 'systeminformation'
import type { Provenance } from '../../reports/results-schema.ts'
import { detectNix } from '../process/nix.ts'
import { runCommand } from '../process/run-command.ts'

/** Where the figures were measured: machine, OS, Nix and the tool's own versions (the resolution is added from the benches: run-resolution.ts). */
export async function gatherProvenance(vitestVersion: string, cwd = process.cwd()): Promise<Omit<Provenance, 'resolution'>> {
  const [cpu, memory, os, nix, revision] = await Promise.all([
    si.cpu(),
    si.mem(),
    si.osInfo(),
    detectNix().catch(() => null),
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
    nodeVersion: process.version,
    vitestVersion,
    flakebenchRevision: revision?.sample.exitCode === 0 ? revision.stdout.trim() : null,
  }
}
