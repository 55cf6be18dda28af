import { resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { findHyperfine } from '../helpers/calibration/hyperfine.ts'
import { measureCalibration } from '../helpers/calibration/measure.ts'
import { CALIBRATION_TARGETS, calibrationPlan } from '../helpers/calibration/plan.ts'
import { judgeCalibration } from '../helpers/calibration/verdict.ts'
import { formatError } from '../helpers/errors.ts'
import { renderCalibration } from './calibration-report.ts'
import { writeFileAtomic } from '../reports/results-file.ts'
import { runIfEntry } from './cli/run-if-entry.ts'

/**
 * `npm run calibrate [-- --quick] [-- --json report.json]`: flakebench's measuring path against hyperfine -N.
 * Exit 0 within every target, 1 outside one, 2 when the calibration could not run.
 */
export async function calibrate(args: string[]): Promise<number> {
  try {
    const { values } = parseArgs({ args, options: { quick: { type: 'boolean', default: false }, json: { type: 'string' } } })
    const hyperfine = await findHyperfine()
    const plan = await calibrationPlan(values.quick ? 'quick' : 'full')
    const controller = new AbortController()
    process.once('SIGINT', () => controller.abort())
    const samples = await measureCalibration(plan, {
      hyperfine,
      signal: controller.signal,
      onCommand: (command, index) => console.error(`[${index + 1}/${plan.commands.length}] ${command.label}: ${command.rounds} rounds of ${command.runsPerBatch} runs per tool`),
    })
    const report = judgeCalibration(plan, samples, CALIBRATION_TARGETS)
    if (values.json) await writeFileAtomic(resolve(values.json), `${JSON.stringify({ ...report, samples: samples.commands }, null, 2)}\n`)
    console.log(renderCalibration(report).join('\n'))
    return report.passed ? 0 : 1
  } catch (error) {
    console.error(`flakebench calibrate: ${formatError(error)}`)
    return 2
  }
}

await runIfEntry(import.meta.url, calibrate)
