export { startPipeline, type Pipeline, type PipelineOptions } from './pipeline.ts';
export { chargeAccount, dashedUuid, expectedOutbound, type ExpectedStatus } from './expectations.ts';
export { runCli } from './cli.ts';
export { verifyOutbound } from './verify-outbound.ts';
