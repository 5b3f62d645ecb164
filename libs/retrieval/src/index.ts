export * from './chunker';
export * from './embedder';
export * from './embedder.factory';
export * from './document-read.service';
export * from './search.service';
export * from './trust';
