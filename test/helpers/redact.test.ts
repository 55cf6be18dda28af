import { describe, expect, test } from 'vitest'
import { CommandError, describeError } from '../../helpers/errors.ts'
import { isSecretName, redactor } from '../../helpers/redact.ts'

describe('isSecretName', () => {
  test.each([
    'HCLOUD_TOKEN', 'GITHUB_TOKEN', 'GH_TOKEN', 'GHTOKEN', 'CLOUDFLARE_API_TOKEN', 'DIGITALOCEAN_ACCESS_TOKEN', 'CACHIX_AUTH_TOKEN',
    'NIX_ACCESS_TOKENS', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'ARM_CLIENT_SECRET', 'ARM_ACCESS_KEY',
    'GOOGLE_APPLICATION_CREDENTIALS', 'GOOGLE_CREDENTIALS', 'CLOUDFLARE_API_KEY', 'API_KEY', 'APIKEY', 'DEPLOY_PRIVATE_KEY',
    'SOPS_AGE_KEY', 'CACHIX_SIGNING_KEY', 'GPG_PASSPHRASE', 'TF_VAR_db_password', 'TF_VAR_dbpassword', 'TF_VAR_api_key',
    'TF_VAR_hcloud_token', 'MYSQL_PWD', 'DB_PASS', 'NPM_CONFIG__AUTH', 'OS_PASSWORD', 'SESSION_COOKIE', 'KEY',
  ])('%s is secret', (name) => {
    expect(isSecretName(name)).toBe(true)
  })

  test.each([
    'PATH', 'HOME', 'PWD', 'OLDPWD', 'SSH_AUTH_SOCK', 'KEYBOARD_LAYOUT', 'XKB_DEFAULT_KEYMAP', 'TOKENIZERS_PARALLELISM', 'AWS_REGION',
    'AWS_CA_BUNDLE', 'SSH_KEY_PATH', 'NIX_CONFIG', 'NIX_SSL_CERT_FILE', 'TF_VAR_region', 'TOX_TESTENV_PASSENV', 'MONKEY',
  ])('%s is not secret', (name) => {
    expect(isSecretName(name)).toBe(false)
  })
})

describe('redactor: values of secret-looking variables', () => {
  const env = {
    HCLOUD_TOKEN: 'hc-7f3a9b2c',
    TF_VAR_db_password: 'p"w\\d', // characters JSON escapes: redacted in the value, before serialising
    SHORT_TOKEN: 'abc',
    AWS_REGION: 'eu-central-1',
    DEPLOY_KEY: 'line-one-of-key\nline-two-of-key',
  }
  const { text, value } = redactor(env)

  test('replaced wherever they appear, with the variable\'s name', () => {
    expect(text('curl -H hc-7f3a9b2c https://api; again hc-7f3a9b2c')).toBe('curl -H [redacted:HCLOUD_TOKEN] https://api; again [redacted:HCLOUD_TOKEN]')
  })

  test('values under 4 characters and variables that are not secret are left alone', () => {
    expect(text('abc in eu-central-1')).toBe('abc in eu-central-1')
  })

  test('a multi-line value is redacted whole, and line by line when only part of it survived a tail', () => {
    expect(text('key: line-one-of-key\nline-two-of-key.')).toBe('key: [redacted:DEPLOY_KEY].')
    expect(text('…\nline-two-of-key\nexit 1')).toBe('…\n[redacted:DEPLOY_KEY]\nexit 1')
  })

  test('a JSON-like value: every string and key, at any depth; other types untouched, the input unchanged', () => {
    const input = { run: { errors: ['p"w\\d leaked'] }, hc: 1, 'hc-7f3a9b2c': true, nested: [[null, 'x hc-7f3a9b2c']] }
    expect(value(input)).toEqual({ run: { errors: ['[redacted:TF_VAR_db_password] leaked'] }, hc: 1, '[redacted:HCLOUD_TOKEN]': true, nested: [[null, 'x [redacted:HCLOUD_TOKEN]']] })
    expect(input.run.errors[0]).toBe('p"w\\d leaked')
    expect(JSON.stringify(value(input))).not.toContain('7f3a9b2c')
  })

  test('a value containing another secret is replaced whole, and a value that looks like a marker is not rescanned', () => {
    const nested = redactor({ OUTER_TOKEN: 'outer-abcd-inner', INNER_TOKEN: 'abcd', ODD_SECRET: 'redacted' })
    expect(nested.text('outer-abcd-inner abcd redacted')).toBe('[redacted:OUTER_TOKEN] [redacted:INNER_TOKEN] [redacted:ODD_SECRET]')
  })
})

describe('redactor: secrets recognised by their shape', () => {
  const { text } = redactor({})

  test('Nix access tokens: each token, not the hosts or other settings', () => {
    expect(text('substituters =\naccess-tokens = github.com=ghx0123456789 gitlab.example.com=PAT:A123Bp_Cd\nflake-registry ='))
      .toBe('substituters =\naccess-tokens = github.com=[redacted:nix-access-token] gitlab.example.com=[redacted:nix-access-token]\nflake-registry =')
  })

  test('private key blocks: whole, cut at the end, and cut at the start (a stderr tail)', () => {
    const body = 'b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ\nAAAAMwAAAAtzc2gtZWQyNTUxOQAAACBfakebodyline'
    const key = `-----BEGIN OPENSSH PRIVATE KEY-----\n${body}\n-----END OPENSSH PRIVATE KEY-----`
    expect(text(`before\n${key}\nafter`)).toBe('before\n[redacted:private-key]\nafter')
    expect(text(`before\n-----BEGIN RSA PRIVATE KEY-----\n${body}`)).toBe('before\n[redacted:private-key]')
    expect(text(`${body}\n-----END PRIVATE KEY-----\nafter`)).toBe('[redacted:private-key]\nafter')
    expect(text('-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE\n-----END PUBLIC KEY-----')).toContain('MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE')
  })

  test('AWS key ids, GitHub tokens, age and Nix signing secret keys, URL passwords, authorization headers', () => {
    expect(text('id AKIAIOSFODNN7EXAMPLE here')).toBe('id [redacted:aws-access-key-id] here')
    expect(text(`t=ghp_${'a1B2'.repeat(9)}.`)).toBe('t=[redacted:github-token].')
    expect(text(`AGE-SECRET-KEY-1${'QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L'.repeat(2).slice(0, 58)}`)).toBe('[redacted:age-secret-key]')
    const nixSecretKey = 'cache-1:k/ZYLUDD8m7ed/Nx6aH1wAC5fnqCi9UsG1xXJfBKZ4d62p6e1hwo1uEgyPTc4TVEQ8XfCQcwyKkwV2eABjNM1Q=='
    expect(text(`secret ${nixSecretKey}; public cache-1:etqentYcKNbhIMj03OE1REPF3wkHMMipMFdngAYzTNU=`)).toBe('secret [redacted:nix-signing-key]; public cache-1:etqentYcKNbhIMj03OE1REPF3wkHMMipMFdngAYzTNU=')
    expect(text('postgres://admin:hunter2@db:5432/x and ssh-ng://root@10.0.0.2')).toBe('postgres://admin:[redacted:url-password]@db:5432/x and ssh-ng://root@10.0.0.2')
    expect(text('Authorization: Bearer eyJhbGciOi.x.y')).toBe('Authorization: Bearer [redacted:authorization]')
  })

  test('ordinary output is left exactly as it was', () => {
    const ordinary = '/nix/store/0123456789abcdfghijklmnpqrsvwxyz-nixos-system-vps.drv built in 1.2 s; file:///tmp/cache?compression=zstd'
    expect(text(ordinary)).toBe(ordinary)
  })
})

describe('errors carry no secret', () => {
  test('a FlakebenchError redacts its message, hint and stderr tail; describeError redacts any other error', () => {
    const before = process.env.FLAKEBENCH_TEST_TOKEN
    process.env.FLAKEBENCH_TEST_TOKEN = 'tok-5e1f0a9d'
    try {
      const error = new CommandError('`curl tok-5e1f0a9d` failed', { hint: 'rotate tok-5e1f0a9d', stderrTail: 'denied: tok-5e1f0a9d' })
      expect([error.message, error.hint, error.stderrTail, error.stack]).toEqual([
        '`curl [redacted:FLAKEBENCH_TEST_TOKEN]` failed\n→ rotate [redacted:FLAKEBENCH_TEST_TOKEN]',
        'rotate [redacted:FLAKEBENCH_TEST_TOKEN]',
        'denied: [redacted:FLAKEBENCH_TEST_TOKEN]',
        'CommandError: `curl [redacted:FLAKEBENCH_TEST_TOKEN]` failed\n→ rotate [redacted:FLAKEBENCH_TEST_TOKEN]',
      ])
      expect(describeError(new Error('bad tok-5e1f0a9d'))).toEqual({ message: 'bad [redacted:FLAKEBENCH_TEST_TOKEN]', hint: null, stderrTail: null })
    } finally {
      if (before === undefined) delete process.env.FLAKEBENCH_TEST_TOKEN
      else process.env.FLAKEBENCH_TEST_TOKEN = before
    }
  })
})
