/** Reads a rendered chart back: the marks of one named layer, with the values their aria-label gives and their position. */

export interface RenderedMark {
  /** "field: value" pairs of the mark's aria-label, as Vega writes them. */
  label: Record<string, string>
  /** The mark's position in the plot area (its transform), in pixels from the top left. */
  xPx: number
  yPx: number
  element: string
}

/** The marks of the layer `name` (Vega's class `<name>_marks`); [] when the layer is absent. */
export function layerMarks(svg: string, name: string): RenderedMark[] {
  const start = svg.indexOf(` ${name}_marks"`)
  if (start < 0) return []
  const group = svg.slice(start, svg.indexOf('</g>', start))
  return [...group.matchAll(/<(path|line)\s[^>]*>/g)].map(([element]) => {
    const label = /aria-label="([^"]*)"/.exec(element)?.[1] ?? ''
    const [xPx = NaN, yPx = NaN] = (/transform="translate\(([-\d.e]+),([-\d.e]+)\)"/.exec(element)?.slice(1) ?? []).map(Number)
    return {
      label: Object.fromEntries(label.split('; ').map((pair) => [pair.slice(0, pair.lastIndexOf(': ')), pair.slice(pair.lastIndexOf(': ') + 2)])),
      xPx,
      yPx,
      element,
    }
  })
}

/** A number as Vega's aria-label prints it ("1,000" → 1000). */
export function labelNumber(text: string | undefined): number {
  return Number(String(text).replace(/,/g, ''))
}
