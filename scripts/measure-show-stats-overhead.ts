// Measures what NIX_SHOW_STATS adds to a timed evaluation, per installed Nix: the fixture's host drvPath and a
// warm `nix flake show`, each with and without the variable, interleaved sample by sample. Prints one line per
// Nix and command: both medians and the change with its 95 % bootstrap interval (helpers/statistics/change.ts).
// Run: npx tsx scripts/measure-show-stats-overhead.ts [samples]. The figures in docs/nix-versions.md come from it.
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { FIXTURE_DEFAULTS } from '../helpers/config/defaults.ts'
import { createFixtureFlake, removeFixtureFlake } from '../helpers/generate/fixture-flake.ts'
import { detectNixBuilds, selectNixBuilds } from '../helpers/process/nix-builds.ts'
import { nixCommand, nixEnvironment } from '../helpers/process/nix.ts'
import { runChecked, runCommand } from '../helpers/process/run-command.ts'
import { compareSamples } from '../helpers/statistics/change.ts'
import { median } from '../helpers/statistics/median.ts'

const samples = Number(process.argv[2] ?? 15)
const fixture = await createFixtureFlake(FIXTURE_DEFAULTS)
const work = await mkdtemp(join(tmpdir(), 'flakebench-overhead-'))
try {
  for (const build of (await detectNixBuilds(selectNixBuilds(undefined))).builds) {
    const xdg = join(work, build.label)
    const commands = { 'host drvPath': ['eval', '--raw', `${fixture.dir}#${fixture.hosts[0]!.attr}.drvPath`], 'warm flake show': ['flake', 'show', '--json', fixture.dir] }
    for (const [name, args] of Object.entries(commands)) {
      const spec = (stats: boolean) => nixCommand({ args, nix: build, timeoutMs: 120_000, env: nixEnvironment({ offline: true, xdgCacheHome: xdg, showStatsPath: stats ? join(work, 'stats.json') : undefined }) })
      for (let prime = 0; prime < 3; prime++) await runChecked(spec(false))
      const times: Record<'without' | 'with', number[]> = { without: [], with: [] }
      for (let index = 0; index < samples; index++) {
        for (const variant of index % 2 === 0 ? (['without', 'with'] as const) : (['with', 'without'] as const)) {
          const run = await runCommand(spec(variant === 'with'))
          if (run.sample.exitCode !== 0) throw new Error(run.stderr)
          times[variant].push(run.sample.wallMs)
        }
      }
      const change = compareSamples(times.without, times.with, 3)
      const med = (values: number[]) => median([...values].sort((a, b) => a - b)).toFixed(1)
      console.log(`${build.info.versionLine} | ${name} | without ${med(times.without)} ms | with ${med(times.with)} ms | change ${change.changePct.toFixed(1)} % [${change.ciPct?.map((value) => value.toFixed(1)).join(', ')}] | ${change.verdict} | n=${samples}`)
    }
  }
} finally {
  await rm(work, { recursive: true, force: true })
  await removeFixtureFlake(fixture)
}
