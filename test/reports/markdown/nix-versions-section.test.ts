import { expect, test } from 'vitest'
import type { NixVersions } from '../../../helpers/model/results-schema.ts'
import { planCharts } from '../../../reports/charts/chart-plan.ts'
import { nixVersionsSection } from '../../../reports/markdown/nix-versions-section.ts'
import { measuredBench, performanceResults } from '../results-factory.ts'

const builds: NixVersions['builds'] = [{ label: 'system', implementation: 'nix', version: '2.8.0' }, { label: 'nix-2.26.3', implementation: 'nix', version: '2.26.3' }]

test('two columns: medians, ratio with interval and verdict, counters side by side, notes', () => {
  const nixVersions: NixVersions = {
    builds, absent: [], oneColumnReason: null, countersMethod: 'untimed runs', noiseFloorPct: 3,
    rows: [{
      name: 'evaluate top-level drvPath', host: 'vps', baselineId: 'a', variantId: 'b', baselineNix: 'system', variantNix: 'nix-2.26.3',
      baselineMedianMs: 108.5, variantMedianMs: 53.7, ratio: 0.495, ratioCi95: [0.45, 0.55], verdict: 'faster',
      counters: [{ counter: 'nrFunctionCalls', baseline: 917, variant: 917 }], notes: ['system: the eval cache answered after 2 priming runs'],
    }],
  }
  expect(nixVersionsSection(performanceResults([], { nixVersions })).join('\n')).toMatchInlineSnapshot(`
    "## Nix versions

    Each bench ran on system (nix 2.8.0), nix-2.26.3 (nix 2.26.3), interleaved sample by sample. Ratio = nix-2.26.3 median / system median (below ×1 nix-2.26.3 is faster), with its 95 % percentile-bootstrap interval; unchanged within ±3 %. Counters: untimed runs.

    | Bench | system | nix-2.26.3 | Ratio | 95 % CI | Verdict |
    | :--- | ---: | ---: | ---: | ---: | :--- |
    | evaluate top-level drvPath (vps) | 109 ms | 53.7 ms | ×0.49 | ×0.45 … ×0.55 | 🟢 faster |

    ### Exact counters, side by side

    | Bench | Counter | system | nix-2.26.3 |
    | :--- | :--- | ---: | ---: |
    | evaluate top-level drvPath (vps) | nrFunctionCalls | 917 | 917 |

    - **evaluate top-level drvPath (vps)**: system: the eval cache answered after 2 priming runs."
  `)
})

test('one column: says why', () => {
  const nixVersions: NixVersions = { builds: builds.slice(0, 1), absent: [{ label: 'nix-2.26.3', reason: 'not installed' }], oneColumnReason: 'only one Nix is available', countersMethod: 'untimed runs', noiseFloorPct: 3, rows: [] }
  expect(nixVersionsSection(performanceResults([], { nixVersions }))).toEqual(['## Nix versions', '', 'One column only (system (nix 2.8.0)): only one Nix is available.'])
})

test('no matrix in the results: no section', () => {
  expect(nixVersionsSection(performanceResults([]))).toEqual([])
})

test('the matrix is charted: each bench once per Nix build, its samples as they were measured, linked under the table', () => {
  const nixVersions: NixVersions = {
    builds, absent: [], oneColumnReason: null, countersMethod: 'untimed runs', noiseFloorPct: 3,
    rows: [{
      name: 'cold nix flake show', host: null, baselineId: 'old', variantId: 'new', baselineNix: 'system', variantNix: 'nix-2.26.3',
      baselineMedianMs: 110, variantMedianMs: 70, ratio: 0.64, ratioCi95: null, verdict: 'unresolved', counters: [], notes: [],
    }],
  }
  const results = performanceResults([measuredBench({ id: 'old', samplesMs: [100, 110, 120] }), measuredBench({ id: 'new', samplesMs: [60, 70, 80] })], { nixVersions })
  const [chart, ...others] = planCharts(results).filter((planned) => planned.subject === 'nix-versions')
  expect(others).toEqual([])
  expect(chart!.description).toContain('cold nix flake show, system: median')
  expect(chart!.description).toContain('cold nix flake show, nix-2.26.3: median')
  const section = nixVersionsSection(results, { folder: 'charts', charts: [chart!] })
  expect(section.at(-1)).toBe(`![${chart!.description}](charts/${chart!.file})`)
})

test('closure copies: the columns are the clients, and the sentence names the Nix each host ran', () => {
  const copy = (remoteNix: string, client = 'nix copy ssh-ng://'): NixVersions['rows'][number] => ({
    name: `closure copy (${client}) to a ${remoteNix} host`, host: null, baselineId: `a-${remoteNix}`, variantId: `b-${remoteNix}`, baselineNix: 'system', variantNix: 'nix-2.26.3',
    baselineMedianMs: 450, variantMedianMs: 460, ratio: 1.02, ratioCi95: null, verdict: 'unresolved', counters: [], notes: [], remoteNix, client,
  })
  const nixVersions: NixVersions = { builds, absent: [], oneColumnReason: null, countersMethod: 'untimed runs', noiseFloorPct: 3, rows: [copy('system'), copy('nix-2.26.3'), copy('system', 'nix-copy-closure')] }
  const section = nixVersionsSection(performanceResults([], { nixVersions })).join('\n')
  expect(section).toContain('In the closure copies the columns name the client\'s Nix; the test host copied to ran the Nix its row names (system, nix-2.26.3). Copy clients compared: nix copy ssh-ng://, nix-copy-closure (both columns of a row ran the client it names).')
  expect(section).toContain('| closure copy (nix copy ssh-ng://) to a nix-2.26.3 host | 450 ms | 460 ms | ×1.02 | – | ⚪ unresolved |')
  expect(section).toContain('| closure copy (nix-copy-closure) to a system host | 450 ms | 460 ms | ×1.02 | – | ⚪ unresolved |')
})

test('without closure copies the sentence about hosts is left out', () => {
  const nixVersions: NixVersions = {
    builds, absent: [], oneColumnReason: null, countersMethod: 'untimed runs', noiseFloorPct: 3,
    rows: [{ name: 'cold nix flake show', host: null, baselineId: 'a', variantId: 'b', baselineNix: 'system', variantNix: 'nix-2.26.3', baselineMedianMs: 1, variantMedianMs: 1, ratio: 1, ratioCi95: null, verdict: 'unresolved', counters: [], notes: [] }],
  }
  expect(nixVersionsSection(performanceResults([], { nixVersions })).join('\n')).not.toContain('closure copies')
})
