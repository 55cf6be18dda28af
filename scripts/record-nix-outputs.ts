// Records what each installed Nix prints for the formats flakebench parses (path-info JSON, NIX_SHOW_STATS,
// flake show, an internal-json build log) into test/recorded/nix-<version>/, so the output adapters are tested
// against real output of every version. Run: npx tsx scripts/record-nix-outputs.ts (as root, with the second Nix
// installed). The fixture flake's random parts (store hashes, temp dirs) make each recording differ; the tests
// read shapes, not values.
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createFixtureFlake, removeFixtureFlake } from '../helpers/generate/fixture-flake.ts'
import { detectNixBuilds, selectNixBuilds } from '../helpers/process/nix-builds.ts'
import { nixCommand, nixEnvironment } from '../helpers/process/nix.ts'
import { runCommand, runChecked } from '../helpers/process/run-command.ts'
import { FIXTURE_DEFAULTS } from '../helpers/config/defaults.ts'

const fixture = await createFixtureFlake({ ...FIXTURE_DEFAULTS, modules: 6, nixosHosts: 1, darwinHosts: 1 })
const host = fixture.hosts[0]!
try {
  for (const build of (await detectNixBuilds(selectNixBuilds(undefined))).builds) {
    const work = await mkdtemp(join(tmpdir(), 'flakebench-record-'))
    const out = join(import.meta.dirname, '..', 'test', 'recorded', `nix-${build.info.version.split('.').slice(0, 2).join('.')}`)
    await mkdir(out, { recursive: true })
    const stats = join(work, 'stats.json')
    const call = (args: string[], showStats = false) => nixCommand({ args, nix: build, timeoutMs: 120_000, env: nixEnvironment({ offline: true, xdgCacheHome: join(work, 'xdg'), showStatsPath: showStats ? stats : undefined }) })
    await writeFile(join(out, 'flake-show.json'), await runChecked(call(['flake', 'show', '--json', fixture.dir])))
    await runChecked(call(['eval', '--raw', `${fixture.dir}#${host.attr}.drvPath`], true))
    await writeFile(join(out, 'show-stats-eval.json'), await readFile(stats, 'utf8'))
    // A store of its own, so that every derivation is built and the log holds build activities.
    const store = join(work, 'store')
    const built = await runCommand({ ...call(['build', '--no-link', '--json', '--store', store, '--option', 'sandbox-paths', '/bin/sh=/bin/busybox /bin/busybox', '--log-format', 'internal-json', `${fixture.dir}#${host.attr}`]) })
    if (built.sample.exitCode !== 0) throw new Error(`build failed on ${build.label}: ${built.stderr.slice(-2000)}`)
    await writeFile(join(out, 'uncached-build-internal-json.log'), built.stderr)
    const outPath = (JSON.parse(built.stdout) as Array<{ outputs: { out: string } }>)[0]!.outputs.out
    await writeFile(join(out, 'path-info-recursive.json'), await runChecked(call(['path-info', '--json', '--recursive', '--closure-size', '--store', store, outPath])))
    const invalid = '/nix/store/00000000000000000000000000000000-flakebench-absent'
    const absent = await runCommand(call(['path-info', '--json', '--store', store, invalid]))
    await writeFile(join(out, 'path-info-invalid.json'), absent.stdout)
    await writeFile(join(out, 'version.txt'), `${build.info.versionLine}\n`)
    await rm(work, { recursive: true, force: true }).catch(() => undefined)
    console.log(`${build.label}: recorded into ${out}`)
  }
} finally {
  await removeFixtureFlake(fixture)
}
