import { existsSync } from 'node:fs'
import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { execa } from 'execa'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { findTerraform } from '../../helpers/terraform/binary.ts'
import { readResults } from '../../reports/results-file.ts'
import { benchWorkspace, restrictedPath, runBench, sampleCounters } from './bench-run.ts'

const terraform = await findTerraform(undefined)
const installed = !('missing' in terraform)

let workspace: Awaited<ReturnType<typeof benchWorkspace>>
beforeAll(async () => { workspace = await benchWorkspace() })
afterAll(() => workspace.dispose())

describe('terraform bench', { timeout: 300_000 }, () => {
  test('without tofu or terraform every bench is a skipped row with the reason, and the run passes', async () => {
    const path = await restrictedPath(workspace.dir, { sh: '/bin/sh' })
    const run = await runBench(workspace.dir, { iterations: 1 }, { files: ['bench/terraform.bench.ts'], path })
    expect(run.exitCode, run.output).toBe(0)
    const results = await readResults(run.resultsJson)
    expect(results.benchmarks).toHaveLength(7)
    for (const bench of results.benchmarks) {
      expect(bench).toMatchObject({ status: 'skipped', concern: 'terraform' })
      if (bench.status === 'skipped') expect(bench.reason).toMatch(/^neither tofu nor terraform is on PATH: install OpenTofu/)
    }
  })

  // The real binary where it is installed; on a machine without it this test is reported as skipped.
  test.skipIf(!installed)('the real binary: every step measured, its change summary checked, per-resource apply times kept', async () => {
    const run = await runBench(workspace.dir, { iterations: 2, terraform: { machines: ['vps', 'laptop'] } }, { files: ['bench/terraform.bench.ts'] })
    expect(run.exitCode, run.output).toBe(0)
    const results = await readResults(run.resultsJson)
    const counters = (id: string) => sampleCounters(results, id)
    // 4 resources for the VPS group and 2 per machine.
    for (const sample of counters('terraform/terraform-apply-new')) {
      expect(sample).toMatchObject({ resourcesAdded: 8, resourcesChanged: 0, resourcesDestroyed: 0 })
      expect(Object.keys(sample).filter((key) => key.startsWith('resourceApplyMs.'))).toHaveLength(8)
    }
    for (const sample of counters('terraform/terraform-apply-noop')) expect(sample).toMatchObject({ resourcesAdded: 0, resourcesChanged: 0, resourcesDestroyed: 0 })
    for (const sample of counters('terraform/terraform-apply-change')) expect(sample).toMatchObject({ resourcesChanged: 1 })
    for (const sample of counters('terraform/terraform-destroy')) expect(sample).toMatchObject({ resourcesDestroyed: 8 })
  })

  test.skipIf(!installed)('invalid HCL in your directory: a failed row naming the directory and terraform\'s message', async () => {
    const directory = join(workspace.dir, 'broken-infra')
    await mkdir(directory)
    await writeFile(join(directory, 'main.tf'), 'resource "terraform_data" "x" {\n  inptu = 1\n}\n')
    const run = await runBench(workspace.dir, { iterations: 1, terraform: { directory } }, { files: ['bench/terraform.bench.ts'] })
    expect(run.exitCode).toBe(1)
    const [bench] = (await readResults(run.resultsJson)).benchmarks
    expect(bench).toMatchObject({ status: 'failed', id: 'terraform/plan-user' })
    if (bench?.status !== 'failed') return
    expect(bench.error.message).toContain(`(in ${directory})`)
    expect(bench.error.message).toMatch(/Unsupported argument/)
  })

  test.skipIf(!installed)('applying your directory is refused without allow.terraformApply; with it, one apply is measured', async () => {
    const directory = join(workspace.dir, 'your-infra')
    await mkdir(directory)
    await writeFile(join(directory, 'main.tf'), 'resource "terraform_data" "vps" {\n  input = "web"\n}\n')
    if ('missing' in terraform) return
    const init = await execa(terraform.path, ['init', '-input=false', '-no-color'], { cwd: directory, reject: false, env: { CHECKPOINT_DISABLE: '1' } })
    expect(init.exitCode, init.stderr).toBe(0)

    const refused = await runBench(workspace.dir, { iterations: 1, terraform: { directory, mode: 'apply' } }, { files: ['bench/terraform.bench.ts'] })
    expect(refused.exitCode).toBe(1)
    expect(refused.output).toContain('terraform.mode: "apply" changes your infrastructure: set allow.terraformApply to true')
    expect(existsSync(join(directory, 'terraform.tfstate')), 'nothing was applied').toBe(false)

    const allowed = await runBench(workspace.dir, { iterations: 1, allow: { terraformApply: true }, terraform: { directory, mode: 'apply' } }, { files: ['bench/terraform.bench.ts'] })
    expect(allowed.exitCode, allowed.output).toBe(0)
    const results = await readResults(allowed.resultsJson)
    expect(results.mode.terraform).toBe('apply')
    expect(sampleCounters(results, 'terraform/apply-user')[0]).toMatchObject({ resourcesAdded: 1 })
    expect(existsSync(join(directory, 'terraform.tfstate'))).toBe(true)
  })
})
