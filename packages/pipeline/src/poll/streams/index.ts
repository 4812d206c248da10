import { oracleAccountCombinationsStream } from './oracle-account-combinations.stream.ts';
import { oracleBusinessUnitsStream } from './oracle-business-units.stream.ts';
import { oracleSuppliersStream } from './oracle-suppliers.stream.ts';
import { procurifyBillsStream } from './procurify-bills.stream.ts';
import { procurifyLocationsStream } from './procurify-locations.stream.ts';
import { procurifyPurchaseOrdersStream } from './procurify-purchase-orders.stream.ts';
import type { Stream } from './stream.ts';

/** Every stream the poller can run, by name. */
export const streams: ReadonlyMap<string, Stream> = new Map(
  [
    procurifyLocationsStream,
    oracleSuppliersStream,
    oracleBusinessUnitsStream,
    oracleAccountCombinationsStream,
    procurifyPurchaseOrdersStream,
    procurifyBillsStream,
  ].map((stream) => [stream.name, stream]),
);

export type { Stream, StreamContext, StreamResult } from './stream.ts';
