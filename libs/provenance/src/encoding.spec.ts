import { createHash } from 'node:crypto';
import { fromBase64Strict, sha256 } from './encoding';

/** The rule as first written: the pattern, then the round trip. */
function reference(text: string): Buffer | string {
  if (!/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(text)) return 'not valid base64';
  const buf = Buffer.from(text, 'base64');
  return buf.toString('base64') === text ? buf : 'not canonical base64';
}

function outcome(text: string): Buffer | string {
  try {
    return fromBase64Strict(text, 'x');
  } catch (e) {
    return (e as Error).message.replace(/^x is /, '');
  }
}

describe('fromBase64Strict', () => {
  it.each([
    ['', Buffer.alloc(0)],
    ['QQ==', Buffer.from('A')],
    ['QUI=', Buffer.from('AB')],
    ['QUJD', Buffer.from('ABC')],
    ['+/+/', Buffer.from([0xfb, 0xff, 0xbf])],
  ])('accepts canonical %j', (text, bytes) => {
    expect(fromBase64Strict(text, 'x').equals(bytes)).toBe(true);
  });

  it.each([
    ['QQ', 'not valid base64'],
    ['QQ=', 'not valid base64'],
    ['QQ===', 'not valid base64'],
    ['QU I=', 'not valid base64'],
    ['QUI=\n', 'not valid base64'],
    ['-_-_', 'not valid base64'],
    ['QUJD$', 'not valid base64'],
    ['QR==', 'not canonical base64'],
    ['QUJ=', 'not canonical base64'],
  ])('rejects %j: %s', (text, message) => {
    expect(() => fromBase64Strict(text, 'the field')).toThrow(`the field is ${message}`);
  });

  it('rejects what is not a string', () => {
    expect(() => fromBase64Strict(42 as unknown as string, 'x')).toThrow('x is not valid base64');
  });

  it('decides as the pattern-then-round-trip rule does, with the same message, on random and mutated texts', () => {
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=-_ \n.';
    let seed = 7;
    const next = (n: number) => ((seed = (seed * 1103515245 + 12345) >>> 0) % n);
    for (let i = 0; i < 20_000; i++) {
      let text: string;
      if (i % 2) {
        text = Buffer.from(Array.from({ length: next(12) }, () => next(256))).toString('base64');
        if (text.length && next(3)) {
          const at = next(text.length);
          text = text.slice(0, at) + alphabet[next(alphabet.length)] + text.slice(at + (next(2) ? 1 : 0));
        }
      } else {
        text = Array.from({ length: next(10) }, () => alphabet[next(alphabet.length)]).join('');
      }
      const want = reference(text);
      const got = outcome(text);
      if (Buffer.isBuffer(want)) expect(Buffer.isBuffer(got) && got.equals(want)).toBe(true);
      else expect(got).toBe(want);
    }
  });
});

describe('sha256', () => {
  it('hashes the concatenation of its parts, strings as UTF-8', () => {
    const parts = [Buffer.from([1]), 'é', new Uint8Array([2, 3])];
    const want = createHash('sha256').update(Buffer.from([1])).update('é', 'utf8').update(new Uint8Array([2, 3])).digest();
    expect(sha256(...parts).equals(want)).toBe(true);
    expect(sha256('abc').toString('hex')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(sha256().equals(createHash('sha256').digest())).toBe(true);
  });
});
