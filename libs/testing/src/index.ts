export * from './env';
export * from './app';
export * from './http';
