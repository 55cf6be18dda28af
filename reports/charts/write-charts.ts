import { mkdir } from 'node:fs/promises'
import { dirname, join, relative, resolve, sep } from 'node:path'
import type { PerformanceResults } from '../../helpers/model/results-schema.ts'
import { writeFileAtomic } from '../results-file.ts'
import { planCharts } from './chart-plan.ts'
import { renderChartSvg } from './render-svg.ts'

/** Renders every chart the results support into `folder` (created if missing); returns the files written. */
export async function writeCharts(results: PerformanceResults, folder: string): Promise<string[]> {
  await mkdir(folder, { recursive: true })
  const written: string[] = []
  for (const chart of planCharts(results)) {
    const file = join(folder, chart.file)
    await writeFileAtomic(file, await renderChartSvg(chart.spec(), chart))
    written.push(file)
  }
  return written
}

/** The charts folder as PERFORMANCE.md links it: relative to the Markdown file's folder, with forward slashes. */
export function chartsFolderLink(markdownPath: string, chartsFolder: string): string {
  return relative(dirname(resolve(markdownPath)), resolve(chartsFolder)).split(sep).join('/') || '.'
}
