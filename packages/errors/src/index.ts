export * from './sync-error.ts';
export * from './classify.ts';
