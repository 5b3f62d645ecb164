import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** The shared data folder (../shared/data beside the repository), or null in a clone without it. */
export function sharedDataDir(): string | null {
  const dir = resolve(__dirname, '..', '..', '..', '..', 'shared', 'data');
  return existsSync(dir) ? dir : null;
}

/**
 * describe() over a folder of ../shared/data, or a skipped describe that says why when the folder
 * is absent (a user's clone has no ../shared).
 */
export function describeWithSharedData(name: string, subpath: string, fn: (dir: string) => void): void {
  const base = sharedDataDir();
  const dir = base ? join(base, subpath) : null;
  if (dir && existsSync(dir)) {
    describe(name, () => fn(dir));
  } else {
    describe.skip(`${name} — skipped: ../shared/data/${subpath} is not present`, () => {
      it('needs the shared data folder', () => undefined);
    });
    process.stderr.write(`[skip] ${name}: ../shared/data/${subpath} is not present\n`);
  }
}
