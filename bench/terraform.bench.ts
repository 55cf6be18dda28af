import { resolve } from 'node:path'
import { afterAll, describe, expect, test, type TestContext } from 'vitest'
import type { BenchKey } from '../helpers/config/defaults.ts'
import { benchSettings, loadConfig } from '../helpers/config/load.ts'
import { CommandError } from '../helpers/errors.ts'
import { recordBench, recordOutcome } from '../helpers/measure/record-bench.ts'
import { RESOURCE_APPLY_PREFIX, type CountersOf } from '../helpers/model/concerns.ts'
import { testTimeoutMs } from '../helpers/measure/test-timeout.ts'
import { runChecked, type CommandRun, type FailureText } from '../helpers/process/run-command.ts'
import { findTerraform, type TerraformBinary } from '../helpers/terraform/binary.ts'
import { fixtureResourceCount, fixtureTerraformConfig } from '../helpers/terraform/fixture-config.ts'
import { parseTerraformStream, type ChangeSummary } from '../helpers/terraform/json-stream.ts'
import { TerraformWorkspace } from '../helpers/terraform/workspace.ts'

const { config } = loadConfig()
const concern = 'terraform'
const binary = findTerraform(config.terraform.binary)
const resources = fixtureResourceCount(config.terraform.machines)

/** Each bench: its untimed starting state, the timed command, and the change summary it must report. */
interface TerraformBench {
  key: BenchKey
  name: string
  /** null: no state (nothing applied yet). */
  startState: 'applied' | null
  args: string[]
  expected: ChangeSummary | null
  uninitialised?: boolean
}

const BENCHES: TerraformBench[] = [
  { key: 'terraform-init', name: 'init', startState: null, args: ['init', '-input=false', '-no-color'], expected: null, uninitialised: true },
  { key: 'terraform-plan-empty', name: 'plan on an empty state', startState: null, args: ['plan', '-input=false', '-lock=false', '-json'], expected: { add: resources, change: 0, remove: 0 } },
  { key: 'terraform-apply-new', name: 'apply: create everything', startState: null, args: ['apply', '-auto-approve', '-input=false', '-json'], expected: { add: resources, change: 0, remove: 0 } },
  { key: 'terraform-plan-noop', name: 'plan with no changes', startState: 'applied', args: ['plan', '-input=false', '-lock=false', '-json'], expected: { add: 0, change: 0, remove: 0 } },
  { key: 'terraform-apply-noop', name: 'apply with no changes', startState: 'applied', args: ['apply', '-auto-approve', '-input=false', '-json'], expected: { add: 0, change: 0, remove: 0 } },
  { key: 'terraform-apply-change', name: 'apply after changing one resource', startState: 'applied', args: ['apply', '-auto-approve', '-input=false', '-json', '-var', 'generation=1'], expected: { add: 0, change: 1, remove: 0 } },
  { key: 'terraform-destroy', name: 'destroy', startState: 'applied', args: ['destroy', '-auto-approve', '-input=false', '-json'], expected: { add: 0, change: 0, remove: resources } },
]

/** The run's facts as counters; throws when the change summary is not the one the bench is about. */
function inspectRun(run: CommandRun, expected: ChangeSummary | null, what: string): Record<string, number> {
  const facts = parseTerraformStream(run.stdout)
  if (expected) {
    const got = facts.summary
    if (!got || got.add !== expected.add || got.change !== expected.change || got.remove !== expected.remove) {
      throw new CommandError(`${what}: expected ${expected.add} to add, ${expected.change} to change, ${expected.remove} to destroy; terraform reported ${got ? `${got.add}, ${got.change}, ${got.remove}` : 'no change summary'}`)
    }
  }
  return {
    ...(facts.summary ? { resourcesAdded: facts.summary.add, resourcesChanged: facts.summary.change, resourcesDestroyed: facts.summary.remove } satisfies CountersOf<'terraform'> : {}),
    ...Object.fromEntries(Object.entries(facts.resourceApplyMs).map(([addr, ms]) => [`${RESOURCE_APPLY_PREFIX}${addr}`, ms])),
  }
}

function failureText(run: CommandRun): FailureText {
  const { errors } = parseTerraformStream(run.stdout)
  return { text: errors.length > 0 ? errors.join('\n') : run.stderr, hint: null }
}

function skip(context: TestContext, id: string, name: string, reason: string): void {
  recordOutcome(context, { id, concern, name, host: null, command: null, pairKey: null, status: 'skipped', reason })
  context.skip(reason)
}

describe(concern, () => {
  if (config.terraform.directory) {
    const directory = resolve(config.terraform.directory)
    const settings = benchSettings(config, 'terraform-plan-user')
    test('plan of your configuration (plan only)', { timeout: testTimeoutMs(settings) }, async (context) => {
      const found = await binary
      if ('missing' in found) return skip(context, 'terraform/plan-user', 'plan of your configuration', found.missing)
      const args = ['plan', '-input=false', '-lock=false', `-refresh=${config.terraform.refresh}`, '-json']
      const outcome = await recordBench(context, {
        id: 'terraform/plan-user', concern, name: `plan of ${directory} (plan only, -lock=false, -refresh=${config.terraform.refresh}; ${found.name} ${found.version})`, host: null, pairKey: null,
        settings,
        cacheState: { intended: 'not-applicable', verifiedBy: null },
        scenario: {
          command: () => ({ file: found.path, args, cwd: directory, env: { TF_IN_AUTOMATION: '1', TF_INPUT: '0', CHECKPOINT_DISABLE: '1' }, timeoutMs: config.timeoutMs, signal: context.signal }),
          inspect: async (run) => inspectRun(run, null, 'plan'),
          failureText,
        },
      })
      expect(outcome).toMeetThreshold()
    })

    // The config schema refuses mode "apply" unless allow.terraformApply is set; flakebench never destroys your resources.
    if (config.terraform.mode === 'apply') {
      const applySettings = benchSettings(config, 'terraform-apply-user')
      test('apply of your configuration (allow.terraformApply)', { timeout: testTimeoutMs(applySettings) }, async (context) => {
        const found = await binary
        if ('missing' in found) return skip(context, 'terraform/apply-user', 'apply of your configuration', found.missing)
        const outcome = await recordBench(context, {
          id: 'terraform/apply-user', concern, name: `apply of ${directory} (${found.name} ${found.version})`, host: null, pairKey: null,
          settings: applySettings,
          cacheState: { intended: 'not-applicable', verifiedBy: null },
          scenario: {
            command: () => ({ file: found.path, args: ['apply', '-auto-approve', '-input=false', '-json'], cwd: directory, env: { TF_IN_AUTOMATION: '1', TF_INPUT: '0', CHECKPOINT_DISABLE: '1' }, timeoutMs: config.timeoutMs, signal: context.signal }),
            inspect: async (run) => inspectRun(run, null, 'apply'),
            failureText,
          },
        })
        expect(outcome).toMeetThreshold()
      })
    }
    return
  }

  let workspace: Promise<{ found: TerraformBinary; workspace: TerraformWorkspace } | { missing: string }> | undefined
  afterAll(async () => {
    const opened = await workspace?.catch(() => undefined)
    if (opened && 'workspace' in opened) await opened.workspace.dispose()
  })
  /** One workspace for the file: initialised and applied once, untimed, and that state saved. */
  const openWorkspace = () => (workspace ??= (async () => {
    const found = await binary
    if ('missing' in found) return found
    const opened = await TerraformWorkspace.create(found, fixtureTerraformConfig(config.terraform.machines), config.timeoutMs)
    try {
      await runChecked(opened.command(['init', '-input=false', '-no-color']), failureText)
      await runChecked(opened.command(['apply', '-auto-approve', '-input=false', '-json']), failureText)
      await opened.saveState('applied')
    } catch (error) {
      // afterAll disposes of an opened workspace only: this one failed to open.
      await opened.dispose()
      throw error
    }
    return { found, workspace: opened }
  })())

  for (const bench of BENCHES) {
    const settings = benchSettings(config, bench.key)
    test(bench.name, { timeout: testTimeoutMs(settings, { setupCommands: 3 }) }, async (context) => {
      const opened = await openWorkspace()
      if ('missing' in opened) return skip(context, `terraform/${bench.key}`, bench.name, opened.missing)
      const { found, workspace: tf } = opened
      const outcome = await recordBench(context, {
        id: `terraform/${bench.key}`, concern, name: `${bench.name} (${found.name} ${found.version}, ${resources} resources)`, host: null, pairKey: null,
        settings,
        cacheState: { intended: 'not-applicable', verifiedBy: null },
        scenario: {
          prepare: async () => {
            if (bench.uninitialised) await tf.uninitialise()
            await tf.restoreState(bench.startState)
          },
          command: () => ({ ...tf.command(bench.args), signal: context.signal }),
          inspect: async (run) => inspectRun(run, bench.expected, bench.name),
          failureText,
        },
      })
      expect(outcome).toMeetThreshold()
    })
  }
})
