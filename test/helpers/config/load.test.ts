import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, test } from 'vitest'
import { BENCH_DEFAULTS, FIXTURE_DEFAULTS } from '../../../helpers/config/defaults.ts'
import { CONCERNS } from '../../../helpers/model/concerns.ts'
import { benchSettings, loadConfig, parseConfig } from '../../../helpers/config/load.ts'
import { ConfigError } from '../../../helpers/errors.ts'
import { configJsonSchema } from '../../../helpers/config/schema.ts'

describe('parseConfig', () => {
  test('an empty config in the full profile (no preset) is the defaults', () => {
    const config = parseConfig('{}', 'flakebench.config.json', 'full')
    expect(config.fixture).toEqual(FIXTURE_DEFAULTS)
    expect(config.offline).toBe(true)
    expect(benchSettings(config, 'cold-flake-show')).toMatchObject({ iterations: BENCH_DEFAULTS['cold-flake-show'].iterations, threshold: BENCH_DEFAULTS['cold-flake-show'].threshold })
  })

  test('every problem is one "path: message" line naming the file', () => {
    const text = JSON.stringify({ fixture: { modules: 0 }, benches: { 'warm-flake-show': { iterations: -1 }, 'no-such-bench': {} }, colour: 'blue' })
    let error: unknown
    try {
      parseConfig(text, '/x/flakebench.config.json')
    } catch (caught) {
      error = caught
    }
    expect(error).toBeInstanceOf(ConfigError)
    const lines = (error as Error).message.split('\n')
    expect(lines[0]).toBe('/x/flakebench.config.json is not a valid flakebench config:')
    expect(lines.slice(1, -1)).toEqual([
      '  fixture.modules: Too small: expected number to be >=1',
      '  benches.warm-flake-show.iterations: Too small: expected number to be >0',
      '  benches: Unrecognized key: "no-such-bench"',
      '  (top level): Unrecognized key: "colour"',
    ])
  })

  test('broken JSON names the file', () => {
    expect(() => parseConfig('{ "flake": ', 'c.json')).toThrow(/^c\.json is not valid JSON/)
  })

  test('overrides: iterations for all benches, per-bench iterations and thresholds, null disables', () => {
    const config = parseConfig(JSON.stringify({
      iterations: 2,
      benches: { 'warm-flake-show': { iterations: 7, threshold: { limitMs: 5 } }, 'flake-check': { threshold: null } },
    }), 'c.json')
    expect(benchSettings(config, 'cold-flake-show').iterations).toBe(2)
    expect(benchSettings(config, 'warm-flake-show')).toMatchObject({
      iterations: 7,
      threshold: { limitMs: 5, statistic: 'median', source: 'config (warm-flake-show.threshold)' },
    })
    expect(benchSettings(config, 'flake-check').threshold).toBeNull()
  })
})

describe('safety: what would change your machines is refused unless the config allows it', () => {
  const problems = (config: object) => {
    try {
      parseConfig(JSON.stringify(config), 'c.json')
      return []
    } catch (error) {
      return (error as Error).message.split('\n').slice(1, -1)
    }
  }
  const target = { host: 'web', ssh: 'root@192.0.2.10' }

  test('deploy.mode "switch" needs allow.switch; "dry-activate" is the default', () => {
    expect(parseConfig(JSON.stringify({ flake: '/infra', deploy: { targets: [target] } }), 'c.json').deploy.mode).toBe('dry-activate')
    expect(problems({ flake: '/infra', deploy: { mode: 'switch', targets: [target] } })).toEqual([
      '  deploy.mode: "switch" activates new configurations on your machines: set allow.switch to true to permit it, or use "dry-activate", which changes nothing',
    ])
    expect(problems({ flake: '/infra', allow: { switch: true }, deploy: { mode: 'switch', targets: [target] } })).toEqual([])
  })

  test('terraform.mode "apply" needs allow.terraformApply and a directory of yours', () => {
    expect(problems({ terraform: { directory: '/infra/tf', mode: 'apply' } })).toEqual([
      '  terraform.mode: "apply" changes your infrastructure: set allow.terraformApply to true to permit it, or use "plan"',
    ])
    expect(problems({ allow: { terraformApply: true }, terraform: { mode: 'apply' } })[0]).toMatch(/^ {2}terraform\.mode: "apply" applies your terraform\.directory/)
  })

  test('deploy targets need your flake, and an ssh destination that ssh cannot read as an option', () => {
    expect(problems({ deploy: { targets: [target] } })[0]).toMatch(/^ {2}deploy\.targets: deploy targets need your flake/)
    expect(problems({ flake: '/infra', deploy: { targets: [{ host: 'web', ssh: '-oProxyCommand=touch /tmp/x' }] } })[0]).toMatch(/^ {2}deploy\.targets\.0\.ssh: user@address/)
  })
})

describe('profiles: presets beneath the config', () => {
  test('standard by default: one host built, the relayed link, fleets to 6; the config wins field by field', () => {
    const standard = parseConfig('{}', 'c.json')
    expect(standard.profile).toBe('standard')
    expect(standard.fixture.builtHosts).toBe(1)
    expect(standard.closureCopies.networkProfiles).toEqual(['relayed'])
    expect(standard.scaling.machineSizes).toEqual([1, 3, 6])
    expect(standard.scaling.moduleSizes, 'what the preset leaves alone keeps its default').toEqual([29, 100, 300, 1000])
    expect(standard.scaling.testParallelism, 'the test suite\'s max-jobs comparison is full\'s').toBe(false)
    expect(standard.scaling.varsParallelism, 'the vars generator\'s parallel run is full\'s').toBe(false)
    expect(standard.nixMatrix, 'the version matrix compares evaluation, on one host').toEqual({ builds: false, everyHost: false, copies: false, everyCopyClient: false })
    const mine = parseConfig(JSON.stringify({ scaling: { machineSizes: [1, 2, 8] }, builds: { fromSource: true } }), 'c.json')
    expect(mine.scaling.machineSizes).toEqual([1, 2, 8])
    expect(mine.builds).toMatchObject({ fromSource: true, remoteBuilders: false, parallelSpeedUp: false })
  })

  test('full is every default; quick is the smallest shape; FLAKEBENCH_PROFILE wins over the file', () => {
    const full = parseConfig('{"profile": "full"}', 'c.json')
    expect(full.fixture.builtHosts).toBeUndefined()
    expect(full.closureCopies.networkProfiles).toEqual(['local', 'direct', 'relayed'])
    expect([full.scaling.testParallelism, full.scaling.varsParallelism, full.nixMatrix], 'full keeps everything').toEqual([true, true, { builds: true, everyHost: true, copies: true, everyCopyClient: true }])
    const quick = parseConfig('{"profile": "full"}', 'c.json', 'quick')
    expect(quick).toMatchObject({ profile: 'quick', iterations: 2, fixture: { modules: 6, nixosHosts: 1, darwinHosts: 0 } })
    expect(() => parseConfig('{}', 'c.json', 'fast')).toThrow('FLAKEBENCH_PROFILE is "fast"; the profiles are quick, standard, full')
    expect(() => parseConfig('{"profile": "fast"}', 'c.json')).toThrow(/profile: Invalid option/)
  })
})

test('the concerns of the config are exactly the bench files', async () => {
  const files = (await readdir(new URL('../../../bench/', import.meta.url))).filter((file) => file.endsWith('.bench.ts')).map((file) => file.replace(/\.bench\.ts$/, ''))
  expect([...CONCERNS].sort()).toEqual(files.sort())
  expect(() => parseConfig(JSON.stringify({ concerns: ['builds', 'compile'] }), 'c.json')).toThrow(/concerns\.1: Invalid option/)
})

test('thresholds by host kind by default; a per-host override wins over the per-bench one', () => {
  const config = parseConfig(JSON.stringify({
    benches: { 'cached-build': { threshold: { limitMs: 1000 }, hosts: { 'darwin-2': { threshold: { limitMs: 50, statistic: 'max' } }, vps: { threshold: null } } } },
  }), 'c.json')
  expect(benchSettings(parseConfig('{}', 'c.json'), 'cached-build', { kind: 'darwin', name: 'darwin-1' }).threshold).toMatchObject({ limitMs: 30_000 })
  expect(benchSettings(parseConfig('{}', 'c.json'), 'cached-build', { kind: 'nixos', name: 'vps' }).threshold).toMatchObject({ limitMs: 45_000 })
  expect(benchSettings(config, 'cached-build', { kind: 'darwin', name: 'darwin-1' }).threshold).toEqual({ limitMs: 1000, statistic: 'median', source: 'config (cached-build.threshold)' })
  expect(benchSettings(config, 'cached-build', { kind: 'darwin', name: 'darwin-2' }).threshold).toEqual({ limitMs: 50, statistic: 'max', source: 'config (cached-build.hosts.darwin-2.threshold)' })
  expect(benchSettings(config, 'cached-build', { kind: 'nixos', name: 'vps' }).threshold).toBeNull()
})

test('an unknown key names the nearest valid key at that place', () => {
  const firstProblem = (text: string) => {
    try {
      parseConfig(text, 'c.json')
    } catch (error) {
      return (error as Error).message.split('\n')[1]
    }
    return null
  }
  expect(firstProblem('{"iteratons": 2}')).toBe('  (top level): Unrecognized key: "iteratons" (did you mean "iterations"?)')
  expect(firstProblem('{"fixture": {"modul": 3}}')).toBe('  fixture: Unrecognized key: "modul" (did you mean "modules"?)')
  expect(firstProblem('{"benches": {"cold-flake-shw": {}}}')).toBe('  benches: Unrecognized key: "cold-flake-shw" (did you mean "cold-flake-show"?)')
  expect(firstProblem('{"colour": 1}')).toBe('  (top level): Unrecognized key: "colour"')
})

test('the committed JSON Schema is the one the config schema generates (npm run config-schema)', async () => {
  const committed = JSON.parse(await readFile(new URL('../../../flakebench.config.schema.json', import.meta.url), 'utf8')) as unknown
  expect(committed).toEqual(configJsonSchema())
})

describe('loadConfig', () => {
  test('FLAKEBENCH_CONFIG names the file; a missing named file is an error, a missing default file is not', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'flakebench-config-'))
    try {
      await writeFile(join(dir, 'mine.json'), '{"iterations": 3}')
      expect(loadConfig({ FLAKEBENCH_CONFIG: 'mine.json' }, dir).config.iterations).toBe(3)
      expect(loadConfig({}, dir).file).toBeNull()
      expect(() => loadConfig({ FLAKEBENCH_CONFIG: 'absent.json' }, dir)).toThrow(/cannot read the config file .*absent\.json/)
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })

  test('a flakebench.config.ts with defineConfig is found first and validated like JSON; a broken one names the file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'flakebench-config-'))
    const define = fileURLToPath(new URL('../../../helpers/config/define-config.ts', import.meta.url))
    try {
      await writeFile(join(dir, 'flakebench.config.json'), '{"iterations": 9}')
      await writeFile(join(dir, 'flakebench.config.ts'), [
        `import { defineConfig } from ${JSON.stringify(define)}`,
        'const hosts: Array<{ name: string; attr: string }> = [{ name: "web", attr: "nixosConfigurations.web.config.system.build.toplevel" }]',
        'export default defineConfig({ flake: "/srv/infra", hosts, iterations: 4, deploy: { mode: "copy", targets: [{ host: "web", ssh: "root@192.0.2.1" }] } })',
      ].join('\n'))
      const loaded = loadConfig({}, dir)
      expect(loaded.file).toBe(join(dir, 'flakebench.config.ts'))
      expect(loaded.config).toMatchObject({ flake: '/srv/infra', iterations: 4, profile: 'standard', deploy: { mode: 'copy' }, hosts: [{ name: 'web' }] })

      await writeFile(join(dir, 'invalid.config.ts'), `import { defineConfig } from ${JSON.stringify(define)}\nexport default defineConfig({ iterations: 0, deploy: { mode: "switch" } } as never)\n`)
      expect(() => loadConfig({ FLAKEBENCH_CONFIG: 'invalid.config.ts' }, dir)).toThrow(`${join(dir, 'invalid.config.ts')} is not a valid flakebench config:\n  iterations: Too small: expected number to be >0`)
      await writeFile(join(dir, 'throws.config.ts'), 'throw new Error("no such secret file")\n')
      expect(() => loadConfig({ FLAKEBENCH_CONFIG: 'throws.config.ts' }, dir)).toThrow(`cannot load the config file ${join(dir, 'throws.config.ts')}: no such secret file`)
      await writeFile(join(dir, 'empty.config.ts'), 'export const flake = "/srv/infra"\n')
      expect(() => loadConfig({ FLAKEBENCH_CONFIG: 'empty.config.ts' }, dir)).toThrow(/empty\.config\.ts has no default export/)
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })
})
