import { streamCatalog } from '@mlc/connections';
import { glAccountDimension, valueSetStream } from './oracle-segment-values.ts';

/**
 * Oracle natural-account values → Procurify account codes (ledger entity `gl_account`) from the
 * value set `options.masterData.glAccounts.valueSet`. Without one, the account-combinations stream
 * derives them from the segment whose `from` is `glAccount`.
 */
export const oracleGlAccountsStream = valueSetStream(streamCatalog.glAccounts, glAccountDimension);
