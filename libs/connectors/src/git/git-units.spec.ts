import { globToRegExp, matchesAny } from '../glob';
import { signatureTypeOf } from './commit-signature';

describe('globToRegExp', () => {
  it.each([
    ['**/*.md', 'README.md', true],
    ['**/*.md', 'docs/deep/a.md', true],
    ['**/runbooks/**', 'ops/runbooks/db/failover.md', true],
    ['**/runbooks/**', 'runbooks/x.md', true],
    ['docs/*.md', 'docs/a/b.md', false],
    ['**/node_modules/**', 'a/node_modules/x/index.js', true],
    ['**/*runbook*', 'ops/DB-Runbook.txt', true],
    ['src/?.ts', 'src/a.ts', true],
  ])('%s matches %s: %s', (glob, path, want) => {
    expect(matchesAny(path, [globToRegExp(glob)])).toBe(want);
  });
});

describe('signatureTypeOf', () => {
  const raw = (sig: string | null) =>
    `tree 4b825dc642cb6eb9a060e54bf8d69288fbee4904\nauthor A <a@x> 1700000000 +0000\ncommitter A <a@x> 1700000000 +0000\n` +
    (sig ? `gpgsig ${sig.split('\n').join('\n ')}\n` : '') +
    `\nmessage with gpgsig -----BEGIN PGP SIGNATURE----- in the body\n`;
  it.each([
    [null, 'unsigned'],
    ['-----BEGIN PGP SIGNATURE-----\n\niHUEABYKAB0WIQ\n-----END PGP SIGNATURE-----', 'pgp'],
    ['-----BEGIN SSH SIGNATURE-----\nU1NIU0lH\n-----END SSH SIGNATURE-----', 'ssh'],
    ['-----BEGIN SIGNED MESSAGE-----\nMIAGCSqGSIb3\n-----END SIGNED MESSAGE-----', 'x509'],
  ])('reads %s as %s, and ignores the message body', (sig, type) => {
    expect(signatureTypeOf(raw(sig))).toBe(type);
  });
});
