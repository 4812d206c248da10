import { streamCatalog } from '@mlc/connections';
import { costCenterDimension, valueSetStream } from './oracle-segment-values.ts';

/**
 * Oracle cost-center values → Procurify departments (ledger entity `cost_center`) from the value
 * set `options.masterData.costCenters.valueSet`. Without one, the account-combinations stream
 * derives them from the segment whose `from` is `costCenter` (or `department`).
 */
export const oracleCostCentersStream = valueSetStream(streamCatalog.costCenters, costCenterDimension);
