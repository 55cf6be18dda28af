/**
 * The charts' colours. The SVGs have a transparent background, so every colour that carries meaning (marks and
 * text) must read on GitHub's light page (#ffffff) and on its dark one (#0d1117): each is chosen with a WCAG
 * relative luminance between about 0.15 and 0.24, which gives at least 4 : 1 against both (the best any single
 * colour can do is 4.35 : 1). Hues follow Tableau 10 (a colour-blind-aware set), darkened where needed.
 */
export const CHART_COLOURS = {
  /** Every sample, as a hollow point. */
  sample: '#4c78a8',
  /** The median per size or per variant, and its interval. */
  median: '#bf5b17',
  /** The fitted law and (translucent) its prediction band. */
  law: '#9467bd',
  /** The gate's two sizes. */
  gate: '#1f8a8a',
  /** The saved baseline. */
  baseline: '#d6336c',
  /** Titles, axis labels, ticks and legends. */
  text: '#6e7781',
} as const

/** The backgrounds the charts must read on: GitHub's light and dark themes. */
export const CHART_BACKGROUNDS = { light: '#ffffff', githubDark: '#0d1117' } as const

/** Opacity of the prediction band's fill: a region, not a mark; the law itself is the line inside it. */
export const BAND_OPACITY = 0.18

/** WCAG 2.x contrast ratio of two `#rrggbb` colours, 1 to 21 (https://www.w3.org/TR/WCAG21/#dfn-contrast-ratio). */
export function contrastRatio(first: string, second: string): number {
  const [lighter, darker] = [relativeLuminance(first), relativeLuminance(second)].sort((a, b) => b - a) as [number, number]
  return (lighter + 0.05) / (darker + 0.05)
}

/** WCAG 2.x relative luminance of an sRGB `#rrggbb` colour. */
export function relativeLuminance(hex: string): number {
  const match = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex)
  if (!match) throw new RangeError(`not a #rrggbb colour: ${hex}`)
  const [red, green, blue] = match.slice(1).map((pair) => {
    const channel = parseInt(pair, 16) / 255
    return channel <= 0.03928 ? channel / 12.92 : ((channel + 0.055) / 1.055) ** 2.4
  }) as [number, number, number]
  return 0.2126 * red + 0.7152 * green + 0.0722 * blue
}
