/** API keys look like cv_<prefix>_<secret>; anything of that shape is masked before it is logged. */
const API_KEY_RE = /\bcv_([a-z0-9]{4,32})_[A-Za-z0-9]{8,}/g;
const BEARER_RE = /(bearer\s+)[^\s"']+/gi;

export function redactSecrets(text: string): string {
  return text.replace(API_KEY_RE, 'cv_$1_[REDACTED]').replace(BEARER_RE, '$1[REDACTED]');
}
