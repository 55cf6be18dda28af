import { linkLabel, whatIfSentence } from '../../helpers/judgements/copy-model.ts'
import { formatBytes, formatDurationMs, formatPct } from '../../helpers/model/format.ts'
import type { CopyLaw } from '../../helpers/model/copy-model.ts'
import type { PerformanceResults } from '../../helpers/model/results-schema.ts'
import { left, markdownTable, right } from './table.ts'

// A true minus sign, as helpers/model/format.ts writes one.
const two = (value: number) => value.toFixed(2).replace('-', '−')
const interval = ({ estimate, low, high }: { estimate: number; low: number; high: number }, format: (value: number) => string = two) => `${format(estimate)} (${format(low)} … ${format(high)})`

/**
 * The copy model: each client's fitted law (coefficients with 95 % intervals), its check on the link left out of
 * the fit, and the what-if table, each client's predicted time at the seed's links for the payload's closure.
 */
export function copyModelSection(results: PerformanceResults): string[] {
  const model = results.copyModel
  if (!model) return []
  const clients = model.laws.map((law) => law.client)
  const whatIfRows = model.whatIf.map((row) => {
    const byClient = new Map(row.predictions.map((prediction) => [prediction.client, prediction]))
    return [
      row.linkName,
      `${row.link.rttMs} ms`,
      `${row.link.bandwidthMbitPerS} Mbit/s`,
      ...clients.map((client) => {
        const prediction = byClient.get(client)
        return prediction ? `${formatDurationMs(prediction.predictedMs)} (${formatDurationMs(prediction.lowMs)} … ${formatDurationMs(prediction.highMs)})` : '—'
      }),
      `${row.winner}, ×${row.timesFaster.toFixed(2)}`,
    ]
  })
  const closure = model.whatIf[0]?.link
  return [
    '## Copy model',
    '',
    `Fitted per client on ${model.grid.links.length} paced links (achieved: ${model.grid.links.map(linkLabel).join('; ')}) with closures of ${model.grid.closures.map((c) => `${c.paths} paths (${formatBytes(c.narBytes)})`).join(' and ')}: time = fixed + per path × paths + RTT × (round trips + round trips per path × paths) + NAR bytes ÷ bandwidth × link bytes per NAR byte. Intervals are 95 %.`,
    '',
    ...markdownTable(
      [
        left('Client'), right('Round trips per path'), right('Round trips per copy'), right('Fixed'),
        right('Local per path'), right('Link bytes per NAR byte'), right('Held-out link: measured vs predicted'),
        left('Check'),
      ],
      model.laws.map((law) => [
        law.client,
        interval(law.coefficients.roundTripsPerPath),
        interval(law.coefficients.roundTrips),
        interval(law.coefficients.fixedMs, formatDurationMs),
        interval(law.coefficients.fixedMsPerPath, formatDurationMs),
        interval(law.coefficients.bandwidthFactor),
        heldOutCell(law),
        law.heldOut?.status ?? 'not measured',
      ]),
    ),
    '',
    ...model.laws.flatMap((law) => [`- ${law.sentence}`, ...(law.heldOut ? [`- ${law.heldOut.sentence}`] : [])]),
    ...(closure ? [
      '',
      `### What if: this closure (${closure.paths} paths, ${formatBytes(closure.narBytes)}) over other links`,
      '',
      ...markdownTable(
        [
          left('Link'), right('RTT'), right('Bandwidth'),
          ...clients.map((client) => ({ header: `${client} (95 % PI)`, align: 'right' as const })),
          { header: 'Fastest, by', align: 'left' },
        ],
        whatIfRows,
      ),
      '',
      ...model.whatIf.map((row) => `- ${whatIfSentence(row)}`),
    ] : []),
  ]
}

function heldOutCell(law: CopyLaw): string {
  if (!law.heldOut) return '—'
  const { measuredMedianMs, prediction, errorPct } = law.heldOut
  return `${formatDurationMs(measuredMedianMs)} vs ${formatDurationMs(prediction.predictedMs)} (${formatDurationMs(prediction.lowMs)} … ${formatDurationMs(prediction.highMs)}), ${errorPct >= 0 ? '+' : ''}${formatPct(errorPct)}`
}
