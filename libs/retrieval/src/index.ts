export * from './chunker';
export * from './embedder';
export * from './embedder.factory';
