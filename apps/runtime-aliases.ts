/**
 * Resolves the @ctxvault/<lib> imports of the compiled output (dist/) to dist/libs/<lib>/src.
 * Imported first by every entry point; tests use Jest's moduleNameMapper instead.
 */
import Module from 'node:module';
import { join } from 'node:path';

const distRoot = join(__dirname, '..');
const mod = Module as unknown as { _resolveFilename: (request: string, ...rest: unknown[]) => string };
const original = mod._resolveFilename;
mod._resolveFilename = function (request: string, ...rest: unknown[]) {
  if (request.startsWith('@ctxvault/')) {
    request = join(distRoot, 'libs', request.slice('@ctxvault/'.length), 'src', 'index.js');
  }
  return original.call(this, request, ...rest);
};
