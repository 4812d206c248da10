/**
 * The end-state checks without the in-process pipeline (and so without vitest): for runners that
 * start the apps as processes, such as the chaos run (@mlc/chaos).
 */
export { chargeAccount, dashedUuid, expectedOutbound, type ExpectedStatus } from './expectations.ts';
export { verifyOutbound } from './verify-outbound.ts';
export { verifyMasterData } from './master-data-verify.ts';
