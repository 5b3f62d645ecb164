export * from './spec';
export * from './schema';
export * from './config';
