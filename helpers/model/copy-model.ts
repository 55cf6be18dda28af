import { z } from 'zod'

/** A fitted coefficient with its 95 % confidence interval. */
const CoefficientSchema = z.strictObject({ estimate: z.number(), low: z.number(), high: z.number() })

/** A link and closure the law is applied to. */
const CopyLinkSchema = z.strictObject({
  rttMs: z.number().nonnegative(),
  bandwidthMbitPerS: z.number().positive(),
  paths: z.number().int().positive(),
  narBytes: z.number().nonnegative(),
})

/** The law's time at a link, with the 95 % interval of one copy there. */
const PredictionSchema = z.strictObject({ predictedMs: z.number(), lowMs: z.number(), highMs: z.number() })

/** One client's copy law: fitted on the grid, checked on the held-out link. */
export const CopyLawSchema = z.strictObject({
  client: z.string(),
  /** Copies in the fit, and the residual scatter the law leaves (ms). */
  n: z.number().int().positive(),
  residualSdMs: z.number().nonnegative(),
  /** The fit's residual degrees of freedom and s² (XᵀX)⁻¹ in COPY_MODEL_TERMS order: a later run predicts from them. */
  degreesOfFreedom: z.number().int().positive(),
  covariance: z.array(z.array(z.number())),
  /** time = fixedMs + fixedMsPerPath × paths + RTT × (roundTrips + roundTripsPerPath × paths) + NAR bytes ÷ bandwidth × bandwidthFactor. */
  coefficients: z.strictObject({
    fixedMs: CoefficientSchema,
    fixedMsPerPath: CoefficientSchema,
    roundTrips: CoefficientSchema,
    roundTripsPerPath: CoefficientSchema,
    bandwidthFactor: CoefficientSchema,
  }),
  /** The law and its round trips per path, in words. */
  sentence: z.string(),
  /** The link left out of the fit, measured: null when its copies failed. */
  heldOut: z.strictObject({
    link: CopyLinkSchema,
    benchId: z.string(),
    prediction: PredictionSchema,
    measuredMedianMs: z.number(),
    /** (measured − predicted) / predicted. */
    errorPct: z.number(),
    status: z.enum(['pass', 'fail']),
    sentence: z.string(),
  }).nullable(),
})

/** Issue 17: per-client copy laws, their check on a held-out link, and what they predict at the seed's links. */
export const CopyModelSchema = z.strictObject({
  /** The measured grid: each link's achieved RTT and bandwidth, and the closures copied over every link. */
  grid: z.strictObject({
    links: z.array(z.strictObject({ rttMs: z.number().nonnegative(), bandwidthMbitPerS: z.number().positive() })),
    closures: z.array(z.strictObject({ paths: z.number().int().positive(), narBytes: z.number().nonnegative() })),
  }),
  laws: z.array(CopyLawSchema),
  /** Each client at each what-if link, for the payload's whole closure. */
  whatIf: z.array(z.strictObject({
    linkName: z.string(),
    link: CopyLinkSchema,
    predictions: z.array(PredictionSchema.extend({ client: z.string() })),
    winner: z.string(),
    /** The runner-up's predicted time over the winner's. */
    timesFaster: z.number(),
    /** The closure lies past the grid's largest (paths or bytes): the law is extrapolated. */
    extrapolated: z.boolean(),
  })),
})

const ClientPredictionSchema = PredictionSchema.extend({ client: z.string() })

/**
 * Issue 17, your machines: each deploy target's link (measured inside one ssh session), what its copies sent, the
 * ssh-ng law's prediction of them beside the measured median, and every client's prediction for the whole closure
 * to an empty store over that link.
 */
export const DeployPredictionsSchema = z.strictObject({
  /** The laws used: fitted by this run (resultsFile null) or read from an earlier run's results (deploy.copyLawsFrom). */
  laws: z.strictObject({
    resultsFile: z.string().nullable(),
    fittedAt: z.string(),
    /** The Nix that fitted them, e.g. "Nix 2.8.0". */
    nix: z.string().nullable(),
    clients: z.array(z.string()),
  }).nullable(),
  /** Why nothing is predicted, when laws is null. */
  reason: z.string().nullable(),
  targets: z.array(z.strictObject({
    benchId: z.string(),
    host: z.string().nullable(),
    link: z.strictObject({ rttMs: z.number().nonnegative(), mbitPerS: z.number().positive() }),
    closure: z.strictObject({ paths: z.number().int().nonnegative(), narBytes: z.number().nonnegative() }),
    /** The samples that sent the most common number of paths: their median against the law's time for that copy. */
    copied: z.strictObject({
      samples: z.number().int().positive(),
      ofSamples: z.number().int().positive(),
      paths: z.number().int().nonnegative(),
      narBytes: z.number().nonnegative(),
      measuredMedianMs: z.number(),
      prediction: PredictionSchema.nullable(),
      errorPct: z.number().nullable(),
      /** Its paths or bytes lie outside the grid's closures (a copy that sends nothing does): the law is extrapolated. */
      extrapolated: z.boolean(),
    }),
    /** Each client's law for the whole closure sent to an empty store over this link, fastest first. */
    freshCopy: z.array(ClientPredictionSchema),
    freshCopyExtrapolated: z.boolean(),
    /** The first sample that sent every closure path (a machine that lacked it all), against the ssh-ng law's fresh copy. */
    wholeClosureSample: z.strictObject({ measuredMs: z.number(), errorPct: z.number().nullable() }).nullable(),
    sentence: z.string(),
  })),
})

export type CopyLaw = z.infer<typeof CopyLawSchema>
export type DeployPredictions = z.infer<typeof DeployPredictionsSchema>
export type CopyModel = z.infer<typeof CopyModelSchema>
export type CopyModelLink = z.infer<typeof CopyLinkSchema>

/** The id of a deploy target's copy bench (bench/deployment-targets.bench.ts), which deploy predictions read. */
export function deployTargetCopyId(host: string, ssh: string): string {
  return `deployment/targets/${host}@${ssh}/copy`
}

export function isDeployTargetCopyId(id: string): boolean {
  return id.startsWith('deployment/targets/') && id.endsWith('/copy')
}
