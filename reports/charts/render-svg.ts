import { parse, View, type LoggerInterface } from 'vega'
import { compile, type TopLevelSpec } from 'vega-lite'
import { CHART_COLOURS } from './palette.ts'

/** Chart text: the system fonts GitHub itself uses, so labels keep their measured width wherever shown. */
const FONT = '-apple-system, BlinkMacSystemFont, "Segoe UI", Helvetica, Arial, sans-serif'

/** One look for every chart: transparent, muted text and grid in a colour that reads in light and dark themes. */
const CONFIG = {
  background: null,
  font: FONT,
  view: { stroke: CHART_COLOURS.text, strokeOpacity: 0.4 },
  axis: {
    labelColor: CHART_COLOURS.text, titleColor: CHART_COLOURS.text, tickColor: CHART_COLOURS.text, domainColor: CHART_COLOURS.text,
    gridColor: CHART_COLOURS.text, gridOpacity: 0.25, labelFontSize: 11, titleFontSize: 12, labelLimit: 320,
  },
  legend: { labelColor: CHART_COLOURS.text, titleColor: CHART_COLOURS.text, labelFontSize: 11, labelLimit: 0, symbolOpacity: 1, orient: 'bottom', direction: 'horizontal', columns: 3 },
  title: { color: CHART_COLOURS.text, subtitleColor: CHART_COLOURS.text, fontSize: 13, anchor: 'start' },
  text: { color: CHART_COLOURS.text },
} as const

/**
 * Vega-Lite drops what it cannot draw with a warning on the console; a renderer never prints, and a chart that
 * silently lost a setting may mislead, so a warning is an error here (the spec is ours to fix).
 */
const REFUSE_WARNINGS: LoggerInterface = {
  level() { return 2 },
  error(...message: unknown[]): never { throw new Error(`chart spec: ${message.join(' ')}`) },
  warn(...message: unknown[]): never { throw new Error(`chart spec: ${message.join(' ')}`) },
  info() { return REFUSE_WARNINGS },
  debug() { return REFUSE_WARNINGS },
}

/**
 * A Vega-Lite spec rendered to a standalone SVG by Vega's SVG string renderer: no browser, no canvas (text widths
 * are estimated). The title and the text alternative go in as <title> and <desc>, for screen readers and viewers.
 */
export async function renderChartSvg(spec: TopLevelSpec, text: { title: string; description: string }): Promise<string> {
  const compiled = compile({ ...spec, config: { ...CONFIG, ...spec.config } } as TopLevelSpec, { logger: REFUSE_WARNINGS }).spec
  const view = new View(parse(compiled), { renderer: 'none' })
  try {
    const svg = await view.toSVG()
    const open = svg.indexOf('>') + 1
    return `${svg.slice(0, open)}<title>${escapeXml(text.title)}</title><desc>${escapeXml(text.description)}</desc>${svg.slice(open)}\n`
  } finally {
    view.finalize()
  }
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')
}
