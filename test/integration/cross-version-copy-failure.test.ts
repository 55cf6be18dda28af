import { chmod, mkdir, symlink, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { readResults } from '../../reports/results-file.ts'
import { NIX_BUILD_DEFAULTS } from '../../helpers/config/defaults.ts'
import { detectNixBuilds, selectNixBuilds } from '../../helpers/process/nix-builds.ts'
import { benchWorkspace, QUICK_CONFIG, runBench } from './bench-run.ts'

let workspace: Awaited<ReturnType<typeof benchWorkspace>>
beforeAll(async () => { workspace = await benchWorkspace() })
afterAll(() => workspace.dispose())

const system = (await detectNixBuilds(selectNixBuilds(undefined))).builds.find((build) => build.label === NIX_BUILD_DEFAULTS.systemLabel)
const REFUSAL = 'error: this Nix cannot copy to that host (a client made to fail for the test)'

/**
 * A second "Nix" that is the system's in everything but copying, as a client: as a remote its nix-store and
 * nix-daemon are the system's, so copies to it work while copies from it fail, as a client that cannot speak
 * to another version's host would, with an error of its own.
 */
async function refusingNix(dir: string): Promise<string> {
  const bin = join(dir, 'refusing-nix')
  await mkdir(bin)
  const refuse = `echo '${REFUSAL}' >&2; exit 1`
  await writeFile(join(bin, 'nix'), `#!/bin/sh\nif [ "$1" = copy ]; then ${refuse}; fi\nexec ${system!.path} "$@"\n`)
  await writeFile(join(bin, 'nix-copy-closure'), `#!/bin/sh\n${refuse}\n`)
  for (const script of ['nix', 'nix-copy-closure']) await chmod(join(bin, script), 0o755)
  for (const command of ['nix-store', 'nix-daemon', 'nix-env', 'nix-instantiate', 'nix-build']) await symlink(system!.path, join(bin, command))
  return join(bin, 'nix')
}

describe.skipIf(!system)('Nix-versions closure copies: a client that cannot copy (real nix, real sshd)', { timeout: 300_000 }, () => {
  test('its pairs fail with Nix\'s own error and a hint, the other pairs are measured, and no row pretends', async () => {
    const dir = join(workspace.dir, 'refusing')
    await mkdir(dir, { recursive: true })
    const nix = [{ label: 'system', path: system!.path }, { label: 'refusing', path: await refusingNix(dir) }]
    const clients = { 'nix-copy-ssh-ng': 'nix copy ssh-ng://', 'nix-copy-closure': 'nix-copy-closure' } as const
    const run = await runBench(dir, { ...QUICK_CONFIG, nix, closureCopies: { clients: Object.keys(clients) } }, { files: ['bench/nix-versions.bench.ts'], args: ['-t', 'closure copy'] })
    expect(run.exitCode, 'a pair that cannot copy fails the run').toBe(1)
    const results = await readResults(run.resultsJson)
    for (const [key, name] of Object.entries(clients)) {
      const idBase = key === 'nix-copy-ssh-ng' ? 'nix-versions/closure-copy' : `nix-versions/closure-copy/${key}`
      const bench = (client: string, remote: string) => results.benchmarks.find((entry) => entry.id === `${idBase}/${client}-to-${remote}`)!
      for (const remote of ['system', 'refusing']) {
        const failed = bench('refusing', remote)
        if (failed.status !== 'failed') throw new Error(`${failed.id} was ${failed.status}`)
        expect(failed.error.message, failed.id).toContain(REFUSAL)
        expect(failed.error.hint, failed.id).toContain(`${name} of refusing (Nix ${system!.info.version}) to a host running ${remote} (Nix ${system!.info.version}) could not copy in an untimed copy of its own; the error above is Nix's own`)
        const measured = bench('system', remote)
        if (measured.status !== 'measured') throw new Error(`${measured.id} was ${measured.status}: ${JSON.stringify(measured)}`)
        expect(measured.samples.length, `${measured.id}: measured again without the failing pairs`).toBe(QUICK_CONFIG.iterations)
        expect(measured.facts, measured.id).toMatchObject({ client: name })
      }
    }
    expect(results.nixVersions?.rows ?? [], 'no row compares a side that did not copy').toEqual([])
  })
})
