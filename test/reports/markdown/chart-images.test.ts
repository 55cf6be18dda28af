import { expect, test } from 'vitest'
import { renderPerformanceMarkdown } from '../../../reports/markdown/render.ts'
import { chartsFolderLink } from '../../../reports/charts/write-charts.ts'
import { fakeResults } from '../fake-results.ts'

test('with its charts written, PERFORMANCE.md links each with its text alternative, relative to itself', () => {
  const markdown = renderPerformanceMarkdown(fakeResults(), { chartsFolder: 'performance-charts' })
  expect(markdown).toContain([
    'Improvement = (cold median − warm median) / cold median.',
    '',
    '![nix flake show: cold against warm: cold: median 1.22 s, 95 % interval 1.19 s … 1.26 s, 6 samples; warm: median 38.3 ms, 95 % interval 37.9 ms … 52.0 ms, 6 samples; value axis from zero](performance-charts/cache-effectiveness-nix-flake-show.svg)',
  ].join('\n'))
  expect(markdown).not.toContain('mermaid')
})

test('without charts (none written), no image is linked', () => {
  expect(renderPerformanceMarkdown(fakeResults())).not.toContain('![')
})

test('the folder is linked relative to the Markdown file, with forward slashes', () => {
  expect(chartsFolderLink('PERFORMANCE.md', 'performance-charts')).toBe('performance-charts')
  expect(chartsFolderLink('docs/PERFORMANCE.md', 'out/charts')).toBe('../out/charts')
  expect(chartsFolderLink('out/PERFORMANCE.md', 'out')).toBe('.')
})
