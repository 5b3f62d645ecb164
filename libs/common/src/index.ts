export * from './errors';
export * from './context';
export * from './ids';
export * from './clock';
export * from './logger';
export * from './redact';
export * from './net';
