import type { ChartSubject, PlannedChart } from '../charts/chart-plan.ts'

/** The charts written beside PERFORMANCE.md: the folder relative to it (forward slashes) and what is in it. */
export interface ChartIndex {
  folder: string
  charts: readonly PlannedChart[]
}

/** A section's charts as Markdown images, each with its text alternative (the numbers it shows); none without an index. */
export function chartImages(index: ChartIndex | null, subject: ChartSubject): string[] {
  const charts = index?.charts.filter((chart) => chart.subject === subject) ?? []
  return charts.flatMap((chart) => ['', `![${escapeAlt(chart.description)}](${encodeURI(`${index!.folder}/${chart.file}`)})`])
}

function escapeAlt(text: string): string {
  return text.replace(/[\\[\]]/g, (character) => `\\${character}`)
}
