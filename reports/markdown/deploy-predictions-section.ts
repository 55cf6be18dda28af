import { LINK_PROBE_DEFAULTS } from '../../helpers/config/defaults.ts'
import { DEPLOY_TARGET_CLIENT } from '../../helpers/judgements/copy-model.ts'
import { formatBytes, formatDurationMs, formatPct } from '../../helpers/model/format.ts'
import type { DeployPredictions } from '../../helpers/model/copy-model.ts'
import type { PerformanceResults } from '../../helpers/model/results-schema.ts'
import { left, markdownTable, right } from './table.ts'

type Prediction = { predictedMs: number; lowMs: number; highMs: number }
const withInterval = (p: Prediction) => `${formatDurationMs(p.predictedMs)} (${formatDurationMs(p.lowMs)} … ${formatDurationMs(p.highMs)})`

/** Where the laws came from, in words. */
function lawsLine(laws: NonNullable<DeployPredictions['laws']>): string {
  const by = laws.nix ? ` with ${laws.nix}` : ''
  return laws.resultsFile === null
    ? `The copy laws were fitted by this run${by} (see the copy model).`
    : `The copy laws were fitted by the run of ${laws.fittedAt}${by}, read from \`${laws.resultsFile}\` (deploy.copyLawsFrom).`
}

/**
 * Your deploy targets: each link as a copy over ssh sees it, what the copies sent and took against the ssh-ng law's
 * prediction, and each client's predicted time for the whole closure to an empty store over that link.
 */
export function deployPredictionsSection(results: PerformanceResults): string[] {
  const predictions = results.deployPredictions
  if (!predictions) return []
  const clients = predictions.laws?.clients ?? []
  return [
    '## Your deploys against the copy laws',
    '',
    predictions.laws ? lawsLine(predictions.laws) : `Not predicted: ${predictions.reason ?? 'no copy laws'}.`,
    `Each link was probed once, untimed, inside one ssh session: the median of ${LINK_PROBE_DEFAULTS.pings} echoes, and the throughput of ${formatBytes(LINK_PROBE_DEFAULTS.bulkBytes)} of random bytes.`,
    '',
    ...markdownTable(
      [
        left('Host'), right('RTT'), right('Throughput'), right('Copies sent'), right('Measured'),
        right('Predicted (95 % PI)'), right('Error'),
        ...clients.map((client) => right(`Whole closure, ${client}`)),
      ],
      predictions.targets.map((target) => [
        target.host ?? '—',
        `${target.link.rttMs.toFixed(1)} ms`,
        `${target.link.mbitPerS.toFixed(1)} Mbit/s`,
        `${target.copied.paths} paths, ${formatBytes(target.copied.narBytes)} (${target.copied.samples} of ${target.copied.ofSamples})`,
        formatDurationMs(target.copied.measuredMedianMs),
        target.copied.prediction ? withInterval(target.copied.prediction) : '—',
        target.copied.errorPct === null ? '—' : `${target.copied.errorPct >= 0 ? '+' : ''}${formatPct(target.copied.errorPct)}`,
        ...clients.map((client) => {
          const fresh = target.freshCopy.find((prediction) => prediction.client === client)
          const measured = client === DEPLOY_TARGET_CLIENT && target.wholeClosureSample ? `; measured ${formatDurationMs(target.wholeClosureSample.measuredMs)}` : ''
          return fresh ? `${withInterval(fresh)}${measured}` : '—'
        }),
      ]),
    ),
    '',
    ...predictions.targets.map((target) => `- ${target.sentence}`),
  ]
}
