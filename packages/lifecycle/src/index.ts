export { Lifecycle, type LifecycleOptions } from './lifecycle.ts';
