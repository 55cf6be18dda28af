/** The run profiles, from least to most coverage; what each one sets is in helpers/config/defaults.ts PROFILES. */
export const PROFILE_NAMES = ['quick', 'standard', 'full'] as const
export type ProfileName = (typeof PROFILE_NAMES)[number]
