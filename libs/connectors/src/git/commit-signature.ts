export type SignatureType = 'unsigned' | 'pgp' | 'ssh' | 'x509';

export interface CommitSignature {
  type: SignatureType;
  /** true/false when trusted keys of that type are configured; null when nothing could check it. */
  verified: boolean | null;
  signer?: string;
  reason?: string;
}

/** Reads the gpgsig header of a raw commit object and tells which kind of signature it carries. */
export function signatureTypeOf(rawCommit: string): SignatureType {
  const headerEnd = rawCommit.indexOf('\n\n');
  const headers = headerEnd < 0 ? rawCommit : rawCommit.slice(0, headerEnd);
  const m = /^gpgsig(?:-sha256)? (.*)$/m.exec(headers);
  if (!m) return 'unsigned';
  const first = m[1].trim();
  if (first.startsWith('-----BEGIN PGP SIGNATURE-----')) return 'pgp';
  if (first.startsWith('-----BEGIN SSH SIGNATURE-----')) return 'ssh';
  if (first.startsWith('-----BEGIN SIGNED MESSAGE-----') || first.startsWith('-----BEGIN PKCS7-----') || first.startsWith('-----BEGIN CMS-----')) return 'x509';
  return 'pgp';
}
