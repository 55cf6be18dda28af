import type { Concern } from '../helpers/model/concerns.ts'
import type { PerformanceResults } from '../helpers/model/results-schema.ts'
import type { ChartIndex } from './markdown/chart-images.ts'
import { binaryCacheSaving, copyProtocolOnSlowLink, deployPhaseShares, type Finding } from './concern-findings.ts'
import { buildBreakdownSection } from './markdown/build-breakdown-section.ts'
import { deploymentSection } from './markdown/deployment-section.ts'
import { copyModelSection } from './markdown/copy-model-section.ts'
import { deployPredictionsSection } from './markdown/deploy-predictions-section.ts'
import { nixVersionsSection } from './markdown/nix-versions-section.ts'
import { countersSection } from './markdown/detail-sections.ts'
import { scalingSection } from './markdown/scaling-section.ts'
import { terraformSection } from './markdown/terraform-section.ts'

/**
 * The sections of PERFORMANCE.md that concerns own, in the order they are rendered. `concern-table` is the generic
 * one every concern gets (one table per concern, reports/markdown/summary-sections.ts), rendered in its own place;
 * the others render when some registered concern names them and the run measured something they show.
 */
export const CONCERN_SECTIONS = {
  'concern-table': null,
  scaling: scalingSection,
  'nix-versions': nixVersionsSection,
  'build-breakdown': buildBreakdownSection,
  terraform: terraformSection,
  'closure-copies': deploymentSection,
  'copy-model': copyModelSection,
  'deploy-predictions': deployPredictionsSection,
  'evaluation-counters': countersSection,
} as const satisfies Record<string, ((results: PerformanceResults, charts: ChartIndex | null) => string[]) | null>
export type ConcernSection = keyof typeof CONCERN_SECTIONS

export interface ConcernReport {
  sections: readonly ConcernSection[]
  findings: readonly Finding[]
}

/** Per concern (helpers/model/concerns.ts): its Markdown sections and the findings its data supports. */
export const CONCERN_REPORTS = {
  'harness-floor': { sections: ['concern-table'], findings: [] },
  'flake-evaluation': { sections: ['concern-table', 'evaluation-counters'], findings: [] },
  builds: { sections: ['concern-table', 'build-breakdown'], findings: [binaryCacheSaving] },
  activation: { sections: ['concern-table'], findings: [] },
  deployment: { sections: ['concern-table', 'closure-copies', 'copy-model', 'scaling'], findings: [deployPhaseShares, copyProtocolOnSlowLink] },
  'deployment-targets': { sections: ['concern-table', 'deploy-predictions'], findings: [] },
  terraform: { sections: ['concern-table', 'terraform'], findings: [] },
  scaling: { sections: ['concern-table', 'scaling', 'evaluation-counters'], findings: [] },
  'test-suite-scaling': { sections: ['concern-table', 'scaling'], findings: [] },
  'vars-scaling': { sections: ['concern-table', 'scaling'], findings: [] },
  // Its verdicts have their own section at the top of PERFORMANCE.md (markdown/base-against-head-section.ts).
  'base-against-head': { sections: ['concern-table'], findings: [] },
  'nix-versions': { sections: ['concern-table', 'nix-versions'], findings: [] },
} as const satisfies Record<Concern, ConcernReport>

/** The concern-owned sections (the generic table aside), in CONCERN_SECTIONS order, each once. */
export function concernOwnedSections(results: PerformanceResults, charts: ChartIndex | null = null): string[][] {
  const named = new Set(Object.values(CONCERN_REPORTS).flatMap((report): readonly ConcernSection[] => report.sections))
  return Object.entries(CONCERN_SECTIONS).flatMap(([name, render]) => (render && named.has(name as ConcernSection) ? [render(results, charts)] : []))
}
