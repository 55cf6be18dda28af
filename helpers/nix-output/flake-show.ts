/** One output of `nix flake show --json`, reduced to what flakebench needs from it. */
export interface FlakeShowOutput {
  /**
   * The attribute names Nix listed under the output, when it knows the output's type; null when it does not
   * (Nix's `{"type": "unknown"}`, Determinate Nix's `{"unknown": true}` with a `doc`): then the names must come
   * from `nix eval … --apply builtins.attrNames`, never from the keys of that marker.
   */
  names: string[] | null
}

/**
 * `nix flake show --json` of Nix 2.8 through 2.3x, Lix, and Determinate Nix's flake schemas: per output, the
 * names of its children only when each child is an object Nix described (a `type`, or a nested attribute set),
 * since the keys of a marker object (`type`, `unknown`, `doc`, `description`) are not names.
 */
export function parseFlakeShow(stdout: string): Record<string, FlakeShowOutput> {
  const json = JSON.parse(stdout) as Record<string, unknown>
  return Object.fromEntries(Object.entries(json).map(([output, shown]) => [output, { names: childNames(shown) }]))
}

const MARKER_KEYS = new Set(['type', 'unknown', 'doc', 'description', 'what', 'name'])

function childNames(shown: unknown): string[] | null {
  if (shown === null || typeof shown !== 'object' || Array.isArray(shown)) return null
  const entries = Object.entries(shown)
  if ((shown as { unknown?: unknown }).unknown === true || typeof (shown as { type?: unknown }).type === 'string') return null
  if (entries.some(([key, child]) => MARKER_KEYS.has(key) && (child === null || typeof child !== 'object'))) return null
  return entries.map(([name]) => name)
}
