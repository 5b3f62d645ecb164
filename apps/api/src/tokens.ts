/** Injection tokens of the API module's runtime dependencies. */
export const CONFIG = Symbol('CONFIG');
export const TENANCY = Symbol('TENANCY');
export const QUEUE_CLIENT = Symbol('QUEUE_CLIENT');
export const REDIS = Symbol('REDIS');
export const HEARTBEATS = Symbol('HEARTBEATS');
export const METRICS = Symbol('METRICS');
export const PROVENANCE = Symbol('PROVENANCE');
export const SERVICES = Symbol('SERVICES');
