import { expect, test } from 'vitest'
import type { CalibrationReport } from '../../helpers/calibration/verdict.ts'
import { renderCalibration } from '../../scripts/calibration-report.ts'

const REPORT: CalibrationReport = {
  mode: 'full',
  targets: { medianDeviationPct: 2, overheadMs: 1 },
  commands: [
    { key: 'true', label: 'true (the per-sample cost)', role: 'trivial', flakebenchMedianMs: 0.95, hyperfineMedianMs: 0.63, ratio: 0.95 / 0.63, deviationPct: 50.8, deviationCiPct: [31.2, 70.4], flakebenchRuns: 60, hyperfineRuns: 60, status: null },
    { key: 'sleep-50ms', label: 'sleep 0.05', role: 'timed', flakebenchMedianMs: 52.37, hyperfineMedianMs: 51.68, ratio: 52.37 / 51.68, deviationPct: 1.335, deviationCiPct: [0.9, 1.8], flakebenchRuns: 30, hyperfineRuns: 30, status: 'within' },
    { key: 'sleep-5s', label: 'sleep 5', role: 'timed', flakebenchMedianMs: 5002.1, hyperfineMedianMs: 5001.9, ratio: 5002.1 / 5001.9, deviationPct: 0.004, deviationCiPct: null, flakebenchRuns: 2, hyperfineRuns: 2, status: 'within' },
    { key: 'nix-eval-500ms', label: 'nix-instantiate --eval, 2000 folds', role: 'timed', flakebenchMedianMs: 530, hyperfineMedianMs: 500, ratio: 1.06, deviationPct: 6, deviationCiPct: [-3.1, 14.2], flakebenchRuns: 12, hyperfineRuns: 12, status: 'off' },
  ],
  overhead: { flakebenchMs: 0.95, hyperfineMs: 0.63, differenceMs: 0.32, status: 'within' },
  resolution: { resolutionMs: 0.17, timerGranularityMs: 0.0003, wrapperCost: { costMs: 1.28, ci95Ms: [1.11, 1.42], pairs: 50 } },
  problems: ["nix-instantiate --eval, 2000 folds: flakebench's median 530.0 ms is 6.0 % above hyperfine's 500.0 ms (target ±2 %)."],
  passed: false,
}

test('the calibration table: medians, ratio, deviation with its interval, runs and verdict per command; then the per-sample cost', () => {
  expect(renderCalibration(REPORT).join('\n')).toMatchInlineSnapshot(`
    "flakebench against hyperfine -N (full calibration; medians, batches interleaved)

    | Command | flakebench | hyperfine | Ratio | Deviation (95 % CI) | Runs | Verdict |
    | :--- | ---: | ---: | ---: | ---: | ---: | :--- |
    | true (the per-sample cost) | 950 µs | 630 µs | 1.508 | +50.8 % (31.2 % … 70.4 %) | 60 / 60 | per-sample cost, below |
    | sleep 0.05 | 52.4 ms | 51.7 ms | 1.013 | +1.3 % (0.9 % … 1.8 %) | 30 / 30 | within ±2 % |
    | sleep 5 | 5.00 s | 5.00 s | 1.000 | 0.0 % | 2 / 2 | within ±2 % |
    | nix-instantiate --eval, 2000 folds | 530 ms | 500 ms | 1.060 | +6.0 % (−3.1 % … 14.2 %) | 12 / 12 | **off** (±2 %) |

    Per-sample cost on \`true\`: flakebench 950 µs, hyperfine -N 630 µs: +320 µs per sample (target within ±1 ms): within.
    GNU time's own cost, subtracted from every flakebench sample: 1.28 ms (median of 50 pairs, 95 % CI 1.11 ms … 1.42 ms); resolution ±170 µs.

    Outside target:
    - nix-instantiate --eval, 2000 folds: flakebench's median 530.0 ms is 6.0 % above hyperfine's 500.0 ms (target ±2 %)."
  `)
})

test('a calibration within every target says so', () => {
  const passed = { ...REPORT, commands: REPORT.commands.slice(0, 3), problems: [], passed: true }
  expect(renderCalibration(passed).at(-1)).toBe('Within every target: flakebench measures what hyperfine measures.')
})
