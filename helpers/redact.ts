/**
 * Secrets kept out of everything flakebench writes or logs. Two sources: the values of environment variables
 * whose names look secret (replaced wherever they appear, as `[redacted:NAME]`), and values that are secrets by
 * their shape whatever variable or file they came from (private keys, Nix access tokens, AWS key ids, …).
 */

/** Shorter values are not redacted: replacing "1" or "yes" everywhere would destroy the reports, not protect them. */
export const MIN_SECRET_CHARS = 4

/**
 * Names (upper-cased) whose values are secrets. Words are matched as `_`-separated segments where a substring
 * would catch harmless names: TOKENIZERS_PARALLELISM, KEYBOARD, SSH_AUTH_SOCK, PWD and OLDPWD stay visible.
 */
const SECRET_NAMES: readonly RegExp[] = [
  // No harmless variable contains these: TF_VAR_dbpassword, MYSECRET, GOOGLE_APPLICATION_CREDENTIALS.
  /PASSWORD|PASSWD|PASSPHRASE|SECRET|CREDENTIAL/,
  // GITHUB_TOKEN, AWS_SESSION_TOKEN, HCLOUD_TOKEN, CLOUDFLARE_API_TOKEN, GHTOKEN, NIX_ACCESS_TOKENS.
  /(^|_)TOKENS?(_|$)|TOKENS?$/,
  // API_KEY, PRIVATE_KEY, SOPS_AGE_KEY, AWS_ACCESS_KEY_ID, APIKEY; not KEYBOARD, KEYMAP or SSH_KEY_PATH.
  /(^|_)KEYS?(_ID)?$|(API|PRIVATE|SECRET|ACCESS|SIGNING|ENCRYPTION|MASTER)KEY/,
  // DB_PASS, SMTP_PWD, NPM_CONFIG__AUTH, SESSION_COOKIE.
  /_(PASS|PWD|AUTH)$|(^|_)COOKIES?$/,
]

export function isSecretName(name: string): boolean {
  const upper = name.toUpperCase()
  return SECRET_NAMES.some((pattern) => pattern.test(upper))
}

/** Secrets recognised by their shape, each replaced by its marker. Order matters: whole key blocks first. */
const SECRET_SHAPES: ReadonlyArray<{ pattern: RegExp; replace: (match: string, ...groups: string[]) => string }> = [
  // PEM and OpenSSH private keys: whole blocks, then a block cut at its end, then one whose start was cut
  // (a stderr tail keeps only the last lines).
  { pattern: /-----BEGIN ([A-Z0-9 ]*)PRIVATE KEY-----[\s\S]*?-----END \1PRIVATE KEY-----/g, replace: () => '[redacted:private-key]' },
  { pattern: /-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----[\s\S]*$/g, replace: () => '[redacted:private-key]' },
  { pattern: /(?:[A-Za-z0-9+/=]{16,}\r?\n)+-----END [A-Z0-9 ]*PRIVATE KEY-----/g, replace: () => '[redacted:private-key]' },
  // nix.conf / NIX_CONFIG `access-tokens = github.com=ghp_… gitlab.com=PAT:…`: each token, not the hosts.
  { pattern: /(access-tokens\s*=)([^\n]*)/g, replace: (_, key, list) => `${key}${list!.replace(/(\S+?)=\S+/g, '$1=[redacted:nix-access-token]')}` },
  // Nix binary-cache signing keys (`nix-store --generate-binary-cache-key`): 64 bytes, 88 base64 characters.
  { pattern: /\b[\w.-]+:[A-Za-z0-9+/]{86}==/g, replace: () => '[redacted:nix-signing-key]' },
  { pattern: /AGE-SECRET-KEY-1[0-9A-Z]{58}/g, replace: () => '[redacted:age-secret-key]' },
  { pattern: /\b(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}\b/g, replace: () => '[redacted:aws-access-key-id]' },
  { pattern: /\b(?:gh[pousr]_[A-Za-z0-9]{36,255}|github_pat_[A-Za-z0-9_]{22,255})\b/g, replace: () => '[redacted:github-token]' },
  // scheme://user:password@host: the password only.
  { pattern: /\b([a-z][a-z0-9+.-]*:\/\/[^\s:/@]+:)[^\s@/]+@/gi, replace: (_, prefix) => `${prefix}[redacted:url-password]@` },
  { pattern: /\b(authorization:\s*(?:bearer|basic|token)\s+)[^\s"']+/gi, replace: (_, prefix) => `${prefix}[redacted:authorization]` },
]

export interface Redactor {
  /** The text with every secret replaced by its marker. */
  text(text: string): string
  /**
   * A copy of a JSON-like value with every string (and object key) redacted; numbers and booleans stay as they are,
   * and so does a string that is exactly one of `keep` (a schema's own words, e.g. "pass", which a short secret
   * may equal: replacing it would only break the document).
   */
  value<T>(value: T, keep?: ReadonlySet<string>): T
}

/**
 * A redactor for the secrets of an environment (by default this process's, which every command flakebench runs
 * inherits). A multi-line value is also redacted line by line, since an error keeps only the tail of a log.
 */
export function redactor(env: NodeJS.ProcessEnv = process.env): Redactor {
  const markers = new Map<string, string>()
  for (const [name, value] of Object.entries(env)) {
    if (!value || !isSecretName(name)) continue
    for (const piece of [value, ...value.split('\n').map((line) => line.trim())]) {
      if (piece.length >= MIN_SECRET_CHARS && !markers.has(piece)) markers.set(piece, `[redacted:${name}]`)
    }
  }
  // Longest first, in one pass: a value containing another is replaced whole, and markers are never rescanned.
  const values = [...markers.keys()].sort((a, b) => b.length - a.length)
  const byValue = values.length > 0 ? new RegExp(values.map(escapeRegExp).join('|'), 'g') : null
  const text = (input: string): string => {
    let output = byValue ? input.replace(byValue, (match) => markers.get(match)!) : input
    for (const shape of SECRET_SHAPES) output = output.replace(shape.pattern, shape.replace)
    return output
  }
  const value = <T>(input: T, keep: ReadonlySet<string> = new Set()): T => {
    const string = (one: string) => (keep.has(one) ? one : text(one))
    const walk = (node: unknown): unknown => {
      if (typeof node === 'string') return string(node)
      if (Array.isArray(node)) return node.map(walk)
      if (node && typeof node === 'object') return Object.fromEntries(Object.entries(node).map(([key, child]) => [string(key), walk(child)]))
      return node
    }
    return walk(input) as T
  }
  return { text, value }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}
