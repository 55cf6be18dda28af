import { z } from 'zod'

/**
 * How one set of samples compares with another (helpers/statistics/change.ts): beyond the noise floor either way,
 * within it, or neither.
 */
export const ChangeVerdictSchema = z.enum(['faster', 'slower', 'unchanged', 'unresolved'])

/** One median over another, the 95 % percentile-bootstrap interval of that ratio (null below 3 samples a side), the verdict. */
export const RATIO_FIELDS = {
  ratio: z.number(),
  ratioCi95: z.tuple([z.number(), z.number()]).nullable(),
  verdict: ChangeVerdictSchema,
}
