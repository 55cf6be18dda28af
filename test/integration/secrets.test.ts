import { randomBytes } from 'node:crypto'
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { runChecked } from '../../helpers/process/run-command.ts'
import { findTerraform } from '../../helpers/terraform/binary.ts'
import { readResults } from '../../reports/results-file.ts'
import { benchWorkspace, LENIENT_GATE, runBench } from './bench-run.ts'

const terraformInstalled = !('missing' in (await findTerraform(undefined)))

let workspace: Awaited<ReturnType<typeof benchWorkspace>>
beforeAll(async () => { workspace = await benchWorkspace() })
afterAll(() => workspace.dispose())

/** Fresh per run, so that a match can only be a leak. */
const random = (length: number, alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789abcdefghijklmnopqrstuvwxyz') =>
  Array.from(randomBytes(length), (byte) => alphabet[byte % alphabet.length]).join('')

/** A terraform directory of "yours" whose validation message echoes the API key, with a sensitive password. */
const TERRAFORM_CONFIG = `variable "api_key" {
  type = string
  validation {
    condition     = length(var.api_key) < 8
    error_message = "the API key \${var.api_key} is not accepted"
  }
}
variable "db_password" {
  type      = string
  sensitive = true
}
resource "terraform_data" "database" {
  input = { password = var.db_password }
}
output "db_password" {
  value     = var.db_password
  sensitive = true
}
`

test('seeded secrets reach a failing command\'s stderr, its arguments and terraform\'s diagnostics, yet no output holds one', { timeout: 300_000 }, async () => {
  // Secrets by name (environment variables) …
  const env = {
    HCLOUD_TOKEN: `hc-${random(32)}`,
    AWS_ACCESS_KEY_ID: `AKIA${random(16, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567')}`,
    AWS_SECRET_ACCESS_KEY: random(40),
    GITHUB_TOKEN: `ghp_${random(36)}`,
    TF_VAR_api_key: `key-${random(24)}`,
    TF_VAR_db_password: `pw-${random(24)}`,
    // … and by shape: a Nix access token inside NIX_CONFIG, whose name is not secret.
    NIX_CONFIG: `access-tokens = github.com=${random(40)}`,
  }
  const nixAccessToken = env.NIX_CONFIG.split('=').at(-1)!
  // A real private key in a file, printed by the command: recognised by its shape alone.
  await runChecked({ file: 'ssh-keygen', args: ['-q', '-t', 'ed25519', '-N', '', '-C', 'seeded', '-f', join(workspace.dir, 'deploy_key')], timeoutMs: 30_000 })
  const privateKey = await readFile(join(workspace.dir, 'deploy_key'), 'utf8')
  const keyBody = privateKey.split('\n').filter((line) => line.length > 0 && !line.startsWith('-----'))
  const terraformDir = join(workspace.dir, 'infra')
  await mkdir(terraformDir)
  await writeFile(join(terraformDir, 'main.tf'), TERRAFORM_CONFIG)

  // The user's test command: a token passed as an argument, every seeded value echoed to stderr, then a failure.
  const echo = 'printf "%s\\n" "$NIX_CONFIG" "hcloud $HCLOUD_TOKEN aws $AWS_ACCESS_KEY_ID $AWS_SECRET_ACCESS_KEY" >&2; cat "$2" >&2; echo "token $1" >&2; exit 3'
  const run = await runBench(workspace.dir, {
    iterations: 1,
    scaling: { ...LENIENT_GATE, unitTestSizes: [1, 2, 3], testCommand: ['sh', '-c', echo, 'suite', `--token=${env.GITHUB_TOKEN}`, join(workspace.dir, 'deploy_key'), '{n}'] },
    ...(terraformInstalled ? { terraform: { directory: terraformDir } } : {}),
  }, { files: ['bench/harness-floor.bench.ts', 'bench/test-suite-scaling.bench.ts', ...(terraformInstalled ? ['bench/terraform.bench.ts'] : [])], env })

  expect(run.exitCode, run.output).toBe(1)
  const outputs: Record<string, string> = {
    'child stdout and stderr': run.output,
    'performance-results.json': await readFile(run.resultsJson, 'utf8'),
    'PERFORMANCE.md': await readFile(run.markdown, 'utf8'),
    'history.jsonl': await readFile(join(workspace.dir, 'history.jsonl'), 'utf8'),
    'github-action.json': await readFile(join(workspace.dir, 'github-action.json'), 'utf8'),
    'bmf.json': await readFile(join(workspace.dir, 'bmf.json'), 'utf8'),
  }
  const seeded = { ...env, NIX_CONFIG: nixAccessToken, ...Object.fromEntries(keyBody.map((line, index) => [`private key line ${index + 1}`, line])) }
  for (const [where, text] of Object.entries(outputs)) {
    for (const [name, value] of Object.entries(seeded)) expect(text.includes(value), `${name} in ${where}`).toBe(false)
  }

  // The secrets did reach the outputs, as markers: the failure still says what happened.
  const results = await readResults(run.resultsJson)
  const suite = results.benchmarks.find((bench) => bench.id === 'scaling/tests/yours-1')
  if (suite?.status !== 'failed') throw new Error(`the test command did not fail: ${JSON.stringify(suite)}`)
  expect(suite.command).toEqual(['sh', '-c', echo, 'suite', '--token=[redacted:GITHUB_TOKEN]', join(workspace.dir, 'deploy_key'), '1'])
  expect(suite.error.message).toContain('--token=[redacted:GITHUB_TOKEN]')
  expect(suite.error.message).toContain('failed with exit code 3')
  expect(suite.error.stderrTail).toBe([
    'access-tokens = github.com=[redacted:nix-access-token]',
    'hcloud [redacted:HCLOUD_TOKEN] aws [redacted:AWS_ACCESS_KEY_ID] [redacted:AWS_SECRET_ACCESS_KEY]',
    '[redacted:private-key]',
    'token --token=[redacted:GITHUB_TOKEN]',
  ].join('\n'))
  for (const where of ['child stdout and stderr', 'PERFORMANCE.md']) expect(outputs[where], where).toContain('hcloud [redacted:HCLOUD_TOKEN] aws')
  expect(results.benchmarks.find((bench) => bench.id === 'harness/floor')?.status).toBe('measured')
  expect(JSON.parse(outputs['github-action.json']!)).toHaveLength(1)

  if (terraformInstalled) {
    const plan = results.benchmarks.find((bench) => bench.id === 'terraform/plan-user')
    if (plan?.status !== 'failed') throw new Error(`the plan did not fail: ${JSON.stringify(plan)}`)
    expect(plan.error.message).toContain('the API key [redacted:TF_VAR_api_key] is not accepted')
  }
})
