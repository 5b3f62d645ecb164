import { createHash } from 'node:crypto';
import { Logger, UpstreamError, ValidationError } from '@ctxvault/common';

const log = new Logger('embedder');

export interface Embedder {
  readonly name: string;
  readonly dimensions: number;
  embed(texts: string[]): Promise<number[][]>;
}

const STOP = new Set('a an and are as at be but by for from has have in is it its of on or that the this to was were will with'.split(' '));

export function tokenize(text: string): string[] {
  return (text.toLowerCase().normalize('NFKC').match(/[\p{L}\p{N}]+/gu) ?? []).filter((t) => t.length > 1 && !STOP.has(t));
}

function hash32(s: string): number {
  return createHash('md5').update(s).digest().readUInt32LE(0);
}

/**
 * Deterministic local embedder (no model download): signed feature hashing of words, word bigrams
 * and character trigrams, sublinear term weights, L2-normalized. Similar texts land near each other;
 * it is a lexical-semantic sketch, not a language model.
 */
export class LocalHashEmbedder implements Embedder {
  readonly name = 'local-hash-v1';
  private readonly cache = new Map<string, number>();

  constructor(readonly dimensions: number) {}

  async embed(texts: string[]): Promise<number[][]> {
    return texts.map((t) => this.embedOne(t));
  }

  embedOne(text: string): number[] {
    const v = new Float64Array(this.dimensions);
    const tokens = tokenize(text);
    const counts = new Map<string, number>();
    const add = (f: string, w: number) => counts.set(f, (counts.get(f) ?? 0) + w);
    for (let i = 0; i < tokens.length; i++) {
      add('w:' + tokens[i], 1);
      if (i + 1 < tokens.length) add('b:' + tokens[i] + ' ' + tokens[i + 1], 0.5);
      const w = `^${tokens[i]}$`;
      if (tokens[i].length > 3) for (let k = 0; k + 3 <= w.length; k++) add('c:' + w.slice(k, k + 3), 0.25);
    }
    for (const [f, c] of counts) {
      let h = this.cache.get(f);
      if (h === undefined) {
        h = hash32(f);
        if (this.cache.size < 200_000) this.cache.set(f, h);
      }
      const idx = h % this.dimensions;
      const sign = h & 0x80000000 ? -1 : 1;
      v[idx] += sign * (1 + Math.log(c));
    }
    let norm = 0;
    for (const x of v) norm += x * x;
    norm = Math.sqrt(norm) || 1;
    return Array.from(v, (x) => x / norm);
  }
}

export interface OpenAiEmbedderOptions {
  url: string;
  apiKey?: string;
  model: string;
  dimensions: number;
  batchSize: number;
  maxRetries: number;
  timeoutMs: number;
}

/** Any OpenAI-compatible /v1/embeddings endpoint (OpenAI, Ollama, vLLM, TEI), with batching and retries. */
export class OpenAiEmbedder implements Embedder {
  readonly name: string;
  constructor(private readonly opts: OpenAiEmbedderOptions) {
    this.name = `openai:${opts.model}`;
  }
  get dimensions() {
    return this.opts.dimensions;
  }

  async embed(texts: string[]): Promise<number[][]> {
    const out: number[][] = [];
    for (let i = 0; i < texts.length; i += this.opts.batchSize) out.push(...(await this.batch(texts.slice(i, i + this.opts.batchSize))));
    return out;
  }

  private async batch(input: string[]): Promise<number[][]> {
    const url = this.opts.url.replace(/\/+$/, '') + (this.opts.url.replace(/\/+$/, '').endsWith('/v1') ? '/embeddings' : '/v1/embeddings');
    for (let attempt = 0; ; attempt++) {
      let status = 0;
      let message = '';
      try {
        const res = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...(this.opts.apiKey ? { authorization: `Bearer ${this.opts.apiKey}` } : {}) },
          body: JSON.stringify({ model: this.opts.model, input, dimensions: this.opts.dimensions }),
          signal: AbortSignal.timeout(this.opts.timeoutMs),
        });
        status = res.status;
        const body = (await res.json().catch(() => null)) as { data?: Array<{ embedding: number[]; index: number }>; error?: { message?: string } } | null;
        if (res.ok && body?.data) {
          const vectors = [...body.data].sort((a, b) => a.index - b.index).map((d) => d.embedding);
          if (vectors.length !== input.length) throw new UpstreamError(`embedding endpoint returned ${vectors.length} vectors for ${input.length} inputs`);
          const bad = vectors.find((v) => v.length !== this.opts.dimensions);
          if (bad) {
            throw new ValidationError(
              `embedding model ${this.opts.model} returns ${bad.length} dimensions; this store holds ${this.opts.dimensions} (EMBEDDING_DIMENSIONS). Choose a model or a "dimensions" setting that gives ${this.opts.dimensions}.`,
            );
          }
          return vectors;
        }
        message = body?.error?.message ?? `HTTP ${res.status}`;
        if (status !== 429 && status < 500) throw new UpstreamError(`embedding endpoint refused the request: ${message}`);
      } catch (e) {
        if (e instanceof ValidationError || (e instanceof UpstreamError && status !== 429 && status < 500)) throw e;
        message = (e as Error).message;
      }
      if (attempt >= this.opts.maxRetries) throw new UpstreamError(`embedding endpoint failed after ${attempt + 1} attempts: ${message}`);
      const delay = Math.min(30_000, 500 * 2 ** attempt);
      log.warn('embedding request failed; retrying', { attempt: attempt + 1, delayMs: delay, status, message });
      await new Promise((r) => setTimeout(r, delay));
    }
  }
}
