import { expect, test } from 'vitest'
import { CHART_BACKGROUNDS, CHART_COLOURS, contrastRatio, relativeLuminance } from '../../../reports/charts/palette.ts'

test('the contrast ratio follows WCAG 2.x on known pairs', () => {
  expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21, 6)
  expect(contrastRatio('#ffffff', '#ffffff')).toBe(1)
  expect(contrastRatio('#777777', '#ffffff'), 'the classic 4.48 : 1 grey').toBeCloseTo(4.48, 2)
  // mermaid's first xychart colour on white: the invisible line of issue 19.
  expect(contrastRatio('#ECECFF', '#ffffff')).toBeLessThan(1.2)
  expect(relativeLuminance('#0d1117')).toBeCloseTo(0.0055, 4)
  expect(() => relativeLuminance('blue')).toThrow('not a #rrggbb colour: blue')
})

test.each(Object.entries(CHART_COLOURS))('%s (%s) reads at ≥ 3 : 1 on white and on GitHub dark (#0d1117)', (_, colour) => {
  expect(contrastRatio(colour, CHART_BACKGROUNDS.light), 'against white').toBeGreaterThanOrEqual(3)
  expect(contrastRatio(colour, CHART_BACKGROUNDS.githubDark), 'against #0d1117').toBeGreaterThanOrEqual(3)
})

test('the charts use no colour outside the palette (their background is transparent)', async () => {
  const { renderChartSvg } = await import('../../../reports/charts/render-svg.ts')
  const { dotPlotSpec } = await import('../../../reports/charts/dot-plot.ts')
  const svg = await renderChartSvg(dotPlotSpec({ title: 'a', valueTitle: 'wall time (ms)', rows: [{ label: 'x', samples: [1, 2, 3, 4, 5, 6], median: 3.5, interval: [1, 6] }] }), { title: 'a', description: 'b' })
  const colours = new Set([...svg.matchAll(/(?:fill|stroke)="(#[0-9a-f]{6})"/gi)].map(([, colour]) => colour!.toLowerCase()))
  expect([...colours].filter((colour) => !Object.values<string>(CHART_COLOURS).includes(colour))).toEqual([])
  expect(svg, 'no background rectangle').not.toMatch(/<rect [^>]*fill=/)
})
