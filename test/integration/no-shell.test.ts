import { randomBytes } from 'node:crypto'
import { existsSync } from 'node:fs'
import { mkdir, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises'
import { homedir } from 'node:os'
import { basename, join } from 'node:path'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { ConfigSchema } from '../../helpers/config/schema.ts'
import { remoteCommand } from '../../helpers/hosts/remote-command.ts'
import { sshArgs, TestHosts } from '../../helpers/hosts/test-hosts.ts'
import { runChecked } from '../../helpers/process/run-command.ts'
import { findTerraform } from '../../helpers/terraform/binary.ts'
import { readResults } from '../../reports/results-file.ts'
import { benchWorkspace, LENIENT_GATE, PROJECT_ROOT, runBench } from './bench-run.ts'

const terraform = await findTerraform(undefined)

/**
 * Strings that a shell would act on, each trying to create a canary (a file whose name starts with canaryName):
 * as an argument (absolute canary path) and as a file name (no "/" possible, so a relative canary, which a shell
 * would create in its working directory).
 */
const canaryName = `flakebench-canary-${randomBytes(4).toString('hex')}`
const hostileArgument = (canary: string) => `x; touch ${canary} $(touch ${canary}) \`touch ${canary}\` '${canary}-single' "${canary}-double" && touch ${canary} | tee ${canary} > ${canary}\nline two`
const hostileName = (label: string) => `${label}; touch ${canaryName} $(touch ${canaryName}) \`touch ${canaryName}\` '${canaryName}-q' "${canaryName}-dq" && x | y > ${canaryName}\nz`
const isCanary = (path: string) => basename(path).startsWith(canaryName)
/** The working directories a shell would have had besides the workspace: the run's and ssh's on the host. */
const shellDirs = [PROJECT_ROOT, homedir()]

let workspace: Awaited<ReturnType<typeof benchWorkspace>>
beforeAll(async () => { workspace = await benchWorkspace() })
afterAll(() => Promise.all([
  workspace.dispose(),
  ...shellDirs.map(async (dir) => Promise.all((await readdir(dir)).filter(isCanary).map((name) => rm(join(dir, name), { force: true })))),
]))

/** Canaries wherever a shell could have made one; none when no shell ran. */
async function canaries(): Promise<string[]> {
  const inWorkspace = (await readdir(workspace.dir, { recursive: true })).filter(isCanary)
  const elsewhere = await Promise.all(shellDirs.map(async (dir) => (await readdir(dir)).filter(isCanary).map((name) => join(dir, name))))
  return [...inWorkspace, ...elsewhere.flat()]
}

/** Records its arguments, as they arrived, one JSON line per run: the stand-in for your test command. */
const RECORD_ARGV = `import { appendFileSync } from 'node:fs'
const [log, ...args] = process.argv.slice(2)
appendFileSync(log, JSON.stringify(args) + '\\n')
`

/**
 * A flake of yours with two hosts whose attribute names hold shell metacharacters: Nix accepts `;`, `$()`, `&&`,
 * quotes and spaces in a flake reference's attribute path and refuses backticks, `|`, `>` and newlines.
 */
function flakeNix(accepted: string, refused: string): string {
  const nixString = (text: string) => JSON.stringify(text).replaceAll('$', '\\$')
  return `{
  outputs = { self }: let
    host = name: { config.system.build.toplevel = derivation { inherit name; system = "x86_64-linux"; builder = "/bin/sh"; }; };
  in {
    nixosConfigurations = {
      ${nixString(accepted)} = host "accepted";
      ${nixString(refused)} = host "refused";
    };
  };
}
`
}

test('config strings full of shell metacharacters reach nix, terraform, your test command and the output files literally', { timeout: 300_000 }, async () => {
  const canary = join(workspace.dir, canaryName)
  const argument = hostileArgument(canary)
  // Everything the run reads and writes lives under a directory with a hostile name: config, outputs, baseline.
  const dir = join(workspace.dir, hostileName('outputs'))
  await mkdir(dir)
  // Nix refuses spaces, backticks, `|`, `>` and newlines in a path flake reference; the rest is here.
  const flake = join(workspace.dir, `flake;'q'"dq"&&$(touch)`)
  await mkdir(flake)
  const acceptedAttr = `a; b $(touch ${canary}) && 'q' (x)`
  const refusedAttr = `c \`touch ${canary}\` | tee ${canary} > ${canary}\nd`
  await writeFile(join(flake, 'flake.nix'), flakeNix(acceptedAttr, refusedAttr))
  const tools = join(workspace.dir, hostileName('tools'))
  await mkdir(tools)
  await writeFile(join(tools, 'record-argv.mjs'), RECORD_ARGV)
  const argvLog = join(workspace.dir, 'argv.jsonl')
  const terraformDir = join(workspace.dir, hostileName('infra'))
  await mkdir(terraformDir)
  await writeFile(join(terraformDir, 'main.tf'), 'resource "terraform_data" "literal" {\n  input = 1\n}\n')
  const installed = !('missing' in terraform)
  if (installed) await symlink(terraform.path, join(tools, 'terraform'))
  const baseline = join(dir, 'baseline.json')
  await writeFile(baseline, 'not json')

  const hosts = [
    { name: `accepted ${hostileName('host')}`, attr: `nixosConfigurations."${acceptedAttr}".config.system.build.toplevel`, kind: 'nixos' },
    { name: 'refused', attr: `nixosConfigurations."${refusedAttr}".config.system.build.toplevel`, kind: 'nixos' },
  ]
  const sizes = [1, 2, 3]
  const testCommand = [process.execPath, join(tools, 'record-argv.mjs'), argvLog, argument, '{n}', `${argument}{n}`]
  const run = await runBench(dir, {
    flake,
    hosts,
    iterations: 1,
    baseline: { path: baseline },
    scaling: { ...LENIENT_GATE, unitTestSizes: sizes, testCommand },
    ...(installed ? { terraform: { binary: join(tools, 'terraform'), directory: terraformDir } } : {}),
  }, { files: ['bench/flake-evaluation.bench.ts', 'bench/test-suite-scaling.bench.ts', ...(installed ? ['bench/terraform.bench.ts'] : [])] })

  // The run fails for the two reasons planted (the refused attribute, the corrupt baseline), and only those.
  expect(run.exitCode, run.output).toBe(1)
  const results = await readResults(run.resultsJson)
  const status = Object.fromEntries(results.benchmarks.map((bench) => [bench.id, bench.status]))
  expect(status, run.output).toMatchObject({
    'flake-evaluation/cold-flake-show': 'measured',
    'flake-evaluation/warm-flake-show': 'measured',
    'flake-evaluation/flake-check': 'measured',
    [`flake-evaluation/host-evaluation/${hosts[0]!.name}`]: 'measured',
    'flake-evaluation/host-evaluation/refused': 'failed',
    ...Object.fromEntries(sizes.map((n) => [`scaling/tests/yours-${n}`, 'measured'])),
    ...(installed ? { 'terraform/plan-user': 'measured' } : {}),
  })
  expect(results.target).toMatchObject({ kind: 'flake', flakeRef: flake })

  // Nix evaluated the accepted attribute and names the refused one exactly as it was given.
  const byId = (id: string) => results.benchmarks.find((bench) => bench.id === id)
  const accepted = byId(`flake-evaluation/host-evaluation/${hosts[0]!.name}`)
  expect(accepted?.command).toEqual(['nix', 'eval', '--raw', `${flake}#${hosts[0]!.attr}.drvPath`])
  expect(accepted?.status === 'measured' && accepted.facts.drvPath).toMatch(/^\/nix\/store\/[a-z0-9]{32}-accepted\.drv$/)
  const refused = byId('flake-evaluation/host-evaluation/refused')
  expect(refused?.command).toEqual(['nix', 'eval', '--raw', `${flake}#${hosts[1]!.attr}.drvPath`])
  const [firstLine, secondLine] = `${flake}#${hosts[1]!.attr}.drvPath`.split('\n')
  // Nix indents the continuation of a multi-line value in its message.
  expect(refused?.status === 'failed' && refused.error.message).toContain(`error: '${firstLine}\n       ${secondLine}' is not a valid URL`)

  // Your test command received every argument byte for byte, "{n}" replaced and nothing else.
  const received = (await readFile(argvLog, 'utf8')).trimEnd().split('\n').map((line) => JSON.parse(line) as string[])
  expect(received).toEqual(sizes.map((n) => [argument, String(n), `${argument}${n}`]))

  // Terraform ran from its hostile path, in its hostile directory; the bench's name shows the directory.
  if (installed) expect(byId('terraform/plan-user')?.name).toContain(`plan of ${terraformDir} (plan only`)

  // The output paths and the baseline path were used as given.
  expect(run.resultsJson.startsWith(dir) && existsSync(run.markdown) && existsSync(join(dir, 'history.jsonl'))).toBe(true)
  expect(run.output).toContain(`flakebench: ${baseline} is not valid JSON`)
  expect(await readFile(baseline, 'utf8')).toBe('not json')

  // No shell ran any of it (terraform's working directory is in the workspace).
  expect(await canaries()).toEqual([])
})

test('remote commands over ssh (deploy.targets[].command, the test hosts\' activation) arrive literally through the login shell there', { timeout: 180_000 }, async () => {
  const canary = join(workspace.dir, canaryName)
  const argument = hostileArgument(canary)
  const named = join(workspace.dir, hostileName('remote'))
  const hosts = await TestHosts.start(1, { mode: 'loopback' })
  try {
    const stdout = await runChecked({ file: 'ssh', args: sshArgs(hosts.hosts[0]!, remoteCommand([['touch', named], ['printf', '%s', argument]])), timeoutMs: 30_000 })
    expect(stdout).toBe(argument)
    expect(existsSync(named), 'the file with the hostile name').toBe(true)
  } finally {
    await hosts.dispose()
  }
  expect(await canaries()).toEqual([])
})

test('where a string cannot arrive literally, the config schema refuses it: machine names, ssh destinations and options', () => {
  const hostile = hostileArgument('/tmp/canary')
  const issues = (config: object) => ConfigSchema.safeParse(config).error?.issues.map((issue) => issue.path.join('.'))
  // Written into the generated terraform configuration.
  expect(issues({ terraform: { machines: ['vps', hostile] } })).toEqual(['terraform.machines.1'])
  for (const ssh of [hostile, '-oProxyCommand=touch /tmp/canary', 'root@host; touch /tmp/canary']) {
    expect(issues({ flake: '/tmp/flake', deploy: { targets: [{ host: 'vps', ssh }] } }), ssh).toEqual(['deploy.targets.0.ssh'])
  }
  // Nix splits NIX_SSHOPTS at whitespace (measured with Nix 2.8: a key path with a space, quoted or not, breaks the copy).
  expect(issues({ flake: '/tmp/flake', deploy: { targets: [{ host: 'vps', ssh: 'root@vps', sshOptions: ['-i', '/home/me/my keys/deploy'] }] } })).toEqual(['deploy.targets.0.sshOptions.1'])
  expect(issues({ flake: '/tmp/flake', deploy: { targets: [{ host: 'vps', ssh: 'root@vps', sshOptions: ['-i', '/home/me/.ssh/deploy;$(x)'], command: [hostile] }] } })).toBeUndefined()
})
