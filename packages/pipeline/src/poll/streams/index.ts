import { oracleAccountCombinationsStream } from './oracle-account-combinations.stream.ts';
import { oracleBusinessUnitsStream } from './oracle-business-units.stream.ts';
import { oracleInvoiceStatusStream } from './oracle-invoice-status.stream.ts';
import { oraclePaymentsStream } from './oracle-payments.stream.ts';
import { oracleSuppliersStream } from './oracle-suppliers.stream.ts';
import { procurifyBillsStream } from './procurify-bills.stream.ts';
import { procurifyLocationsStream } from './procurify-locations.stream.ts';
import { procurifyPaymentsStream } from './procurify-payments.stream.ts';
import { procurifyPurchaseOrdersStream } from './procurify-purchase-orders.stream.ts';
import { procurifyRequisitionsStream } from './procurify-requisitions.stream.ts';
import { oracleCostCentersStream } from './oracle-cost-centers.stream.ts';
import { oracleGlAccountsStream } from './oracle-gl-accounts.stream.ts';
import { procurifyAccountCodesStream } from './procurify-account-codes.stream.ts';
import { procurifyDepartmentsStream } from './procurify-departments.stream.ts';
import { procurifyVendorsStream } from './procurify-vendors.stream.ts';
import type { Stream } from './stream.ts';

/** Every stream the poller can run, by name. */
export const streams: ReadonlyMap<string, Stream> = new Map(
  [
    procurifyLocationsStream,
    oracleSuppliersStream,
    oracleBusinessUnitsStream,
    oracleAccountCombinationsStream,
    procurifyPurchaseOrdersStream,
    procurifyRequisitionsStream,
    procurifyBillsStream,
    oracleInvoiceStatusStream,
    oraclePaymentsStream,
    procurifyPaymentsStream,
    procurifyVendorsStream,
    procurifyAccountCodesStream,
    procurifyDepartmentsStream,
    oracleGlAccountsStream,
    oracleCostCentersStream,
  ].map((stream) => [stream.name, stream]),
);

export type { Stream, StreamContext, StreamResult } from './stream.ts';
