export * from './source.service';
export * from './push.service';
