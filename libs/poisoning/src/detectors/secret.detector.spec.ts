import { redactSecrets, secretDetector } from './secret.detector';

const found = (t: string) => secretDetector.scan(t).map((f) => f.code);
// Built at run time so the repository never holds a string a secret scanner would take for a real key.
const k = (...parts: string[]) => parts.join('');

describe('secret detector', () => {
  it.each([
    ['a private key', `-----BEGIN ${'OPENSSH'} PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----`, 'secret.private_key'],
    ['an AWS access key id', `aws_access_key_id = ${k('AKIA', 'IOSFODNN7', 'QWERTYZ')}`, 'secret.cloud_key'],
    ['a GitHub token', `token: ${k('ghp_', 'a'.repeat(20), 'B'.repeat(16))}`, 'secret.api_token'],
    ['a Slack bot token', `SLACK_TOKEN=${k('xoxb-', '1234567890', '-', 'abcdefghijABCDEF')}`, 'secret.api_token'],
    ['a Stripe live key', `stripe.api_key = "${k('sk_', 'live_', 'x'.repeat(24))}"`, 'secret.api_token'],
    ['a Postgres URL with a password', 'DATABASE_URL=postgres://app:S3cr3t-Pa55@db.internal:5432/prod', 'secret.connection_string'],
    ['a password in configuration', 'password: "Tr0ub4dor&3xyz"', 'secret.password'],
    ['an Azure storage account key', `DefaultEndpointsProtocol=https;AccountName=acme;AccountKey=${k('q8Zr', 'T1x0'.repeat(10), 'Vw==')};EndpointSuffix=core.windows.net`, 'secret.cloud_key'],
  ])('flags %s', (_name, text, code) => {
    expect(found(text)).toContain(code);
  });

  it.each([
    ['a sample password in a documented URL', "const config = parse('postgres://someuser:somepassword@somehost:381/somedatabase')"],
    ['a placeholder password in a URL', 'postgres://app:${DB_PASSWORD}@db:5432/prod'],
    ['an angle-bracket placeholder', 'DATABASE_URL=postgres://user:<password>@localhost/db'],
    ['a URL without a password', 'redis://127.0.0.1:6379/0 and postgres://postgres@127.0.0.1:5432/postgres'],
    ['a documented example key', 'password: "changeme"'],
    ['a public key', 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGx0 ops@example'],
    ['a git commit hash', 'fixed in 5d41402abc4b2a76b9719d911017c592aabbccdd'],
  ])('leaves %s alone', (_name, text) => {
    expect(found(text)).toEqual([]);
  });

  it('spans the value and never puts it in the message', () => {
    const text = 'DATABASE_URL=postgres://app:S3cr3t-Pa55@db.internal:5432/prod';
    const [f] = secretDetector.scan(text);
    expect(text.slice(f.start, f.end)).toBe('S3cr3t-Pa55');
    expect(f.message).not.toContain('S3cr3t');
  });

  it('redacts what it finds and keeps the rest', () => {
    const text = 'url postgres://app:S3cr3t-Pa55@db:5432/prod ok';
    expect(redactSecrets(text)).toBe('url postgres://app:[REDACTED secret.connection_string]@db:5432/prod ok');
  });
});
