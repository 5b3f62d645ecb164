export * from './api-key.material';
export * from './principal';
export * from './auth.service';
export * from './api-key.service';
export * from './tenant.service';
export * from './admin-audit.service';
export * from './tenancy';
