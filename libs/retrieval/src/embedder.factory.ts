import type { AppConfig } from '@ctxvault/config';
import { ValidationError } from '@ctxvault/common';
import { Embedder, LocalHashEmbedder, OpenAiEmbedder } from './embedder';

/** The configured embedder (EMBEDDER): the local default, or an OpenAI-compatible endpoint. */
export function createEmbedder(config: AppConfig): Embedder {
  const i = config.ingest;
  if (i.embedder === 'local') return new LocalHashEmbedder(i.dimensions);
  if (!i.apiUrl) throw new ValidationError('EMBEDDER=openai needs EMBEDDING_API_URL (e.g. https://api.openai.com or http://127.0.0.1:11434)');
  return new OpenAiEmbedder({
    url: i.apiUrl,
    apiKey: i.apiKey,
    model: i.model,
    dimensions: i.dimensions,
    batchSize: i.embedBatch,
    maxRetries: i.embedRetries,
    timeoutMs: i.embedTimeoutMs,
  });
}
