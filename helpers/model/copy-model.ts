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

export type CopyLaw = z.infer<typeof CopyLawSchema>
export type CopyModel = z.infer<typeof CopyModelSchema>
export type CopyModelLink = z.infer<typeof CopyLinkSchema>
