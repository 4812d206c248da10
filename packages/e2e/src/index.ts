export { startPipeline, type Pipeline, type PipelineOptions } from './pipeline.ts';
