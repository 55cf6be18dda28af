import { z } from 'zod'
import { RATIO_FIELDS } from './ratio.ts'

/** The two sides of a compare run, in the order every table shows them. */
export const SIDES = ['base', 'head'] as const
export type Side = (typeof SIDES)[number]

const SideSchema = z.strictObject({
  flakeRef: z.string(),
  /** The git revision Nix locked, when the reference has one. */
  revision: z.string().nullable(),
})

/** One evaluation bench run on both sides, interleaved sample by sample. */
export const SideBySideSchema = z.strictObject({
  /** e.g. "cold-flake-show" or "host-evaluation/vps"; the two outcomes are `base-against-head/<side>/<key>`. */
  key: z.string().min(1),
  name: z.string().min(1),
  host: z.string().nullable(),
  baseMedianMs: z.number(),
  headMedianMs: z.number(),
  /** ratio = head median / base median: above 1 the head is slower. */
  ...RATIO_FIELDS,
  /** Exact counters (medians over the samples) of both sides, the difference head − base. */
  counters: z.array(z.strictObject({ counter: z.string(), base: z.number(), head: z.number(), difference: z.number() })),
})

/** Function calls and attribute selections whose position lies in one file (or one input, or Nix itself). */
export const FileWorkSchema = z.strictObject({
  /** Relative to the flake ("modules/a.nix"), "<input>:path" for an input's file, or "<nix internal>". */
  file: z.string(),
  /** "self" for the flake's own files, an input's name, "nix" for Nix's internal code, "other" for anything else. */
  origin: z.string(),
  baseCalls: z.number().int().nonnegative(),
  headCalls: z.number().int().nonnegative(),
  baseSelections: z.number().int().nonnegative(),
  headSelections: z.number().int().nonnegative(),
})

/** Where a host's evaluation work went, from NIX_COUNT_CALLS in an untimed run of each side. */
export const HostWorkSchema = z.strictObject({
  host: z.string(),
  /** Per origin (the flake, each input, Nix), all of its files summed. */
  origins: z.array(FileWorkSchema.omit({ file: true })),
  /** The files that cost most or changed most (not every file: a nixpkgs host touches thousands), largest change first. */
  files: z.array(FileWorkSchema),
  /** How many files had any work on either side, of which `files` keeps the leading ones. */
  filesCounted: z.number().int().nonnegative(),
})

/** What a host's closure gained between base and head. */
export const ClosureDifferenceSchema = z.strictObject({
  host: z.string(),
  /** "derivations": the derivation closure (nothing built); "outputs": the built outputs' runtime closure. */
  closure: z.enum(['derivations', 'outputs']),
  basePaths: z.number().int().nonnegative(),
  headPaths: z.number().int().nonnegative(),
  /** Store path names (hash stripped), sorted: only in the head, only in the base, in both with another hash. */
  added: z.array(z.string()),
  removed: z.array(z.string()),
  changed: z.array(z.string()),
  baseBytes: z.number().int().nonnegative(),
  headBytes: z.number().int().nonnegative(),
})

/** A rule of the compare run that fails it (exit code 1), as data: the comment says which one fired. */
export const CompareRuleSchema = z.discriminatedUnion('rule', [
  /** The head's median is slower beyond the noise floor and by more than the regression tolerance. */
  z.strictObject({ rule: z.literal('slower'), key: z.string(), changePct: z.number(), limitPct: z.number() }),
  /** An exact counter of the head grew by more than the work-growth tolerance. */
  z.strictObject({ rule: z.literal('work grew'), key: z.string(), counter: z.string(), changePct: z.number(), limitPct: z.number() }),
])

export const BaseAgainstHeadSchema = z.strictObject({
  base: SideSchema,
  head: SideSchema,
  method: z.string(),
  noiseFloorPct: z.number().nonnegative(),
  regressionTolerancePct: z.number().nonnegative(),
  workGrowthTolerancePct: z.number().nonnegative(),
  benches: z.array(SideBySideSchema),
  /** Hosts on one side only: listed, not failed. */
  hostsAdded: z.array(z.string()),
  hostsRemoved: z.array(z.string()),
  work: z.array(HostWorkSchema),
  closures: z.array(ClosureDifferenceSchema),
  rulesFired: z.array(CompareRuleSchema),
})

export type SideBySide = z.infer<typeof SideBySideSchema>
export type FileWork = z.infer<typeof FileWorkSchema>
export type HostWork = z.infer<typeof HostWorkSchema>
export type ClosureDifference = z.infer<typeof ClosureDifferenceSchema>
export type CompareRule = z.infer<typeof CompareRuleSchema>
export type BaseAgainstHead = z.infer<typeof BaseAgainstHeadSchema>
