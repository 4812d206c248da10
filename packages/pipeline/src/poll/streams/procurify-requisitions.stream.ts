import { streamCatalog } from '@mlc/connections';
import { SyncError } from '@mlc/errors';
import {
  buildRequisitionSnapshots,
  contentHash,
  requisitionApproval,
  requisitionHashIgnoredKeys,
  requisitionSourceId,
} from '@mlc/mapping';
import type { SourceVersion } from '@mlc/ledger';
import type {
  ProcurifyBudgetAccount,
  ProcurifyClient,
  ProcurifyOrderItem,
  ProcurifyRequisition,
  ProcurifyVendor,
} from '@mlc/procurify-client';
import { z } from 'zod';
import { mapWithConcurrency } from '../../concurrency.ts';
import { addResults, emptyRecordResult, windowStart, type Stream } from './stream.ts';

const dayMs = 86_400_000;

/**
 * What the stream remembers between polls (the cursor's `state`):
 * - `seen`: the `dateModified` of every requisition the last poll listed. The list filter is
 *   date-only, so each poll re-reads a day of requisitions; those whose stamp did not move are
 *   not read again, which keeps an idle poll to one request.
 * - `since`: where the first poll started reading. A requisition already purchased (or
 *   received) when first seen is recorded only if it was approved since then: receiving an old
 *   requisition bumps its stamp, but it was ordered before this connection watched.
 * - `vendors`: for requisitions recorded while approved and not yet purchased, the vendors
 *   recorded. If a line later moves to another vendor, or the requisition is withdrawn, the
 *   records of the vendors it no longer has are recorded again (without lines), so nothing that
 *   was sent to Oracle goes stale silently.
 */
const stateSchema = z
  .object({
    seen: z.record(z.string(), z.string()).default({}),
    vendors: z.record(z.string(), z.array(z.number().int())).default({}),
    since: z.iso.datetime().optional(),
  })
  .catch({ seen: {}, vendors: {} });
type RequisitionsState = z.infer<typeof stateSchema>;

/** Requisition version: its stamp and its lines' (the list's `dateModified`, items' `last_modified`). */
function requisitionVersion(order: ProcurifyRequisition, items: readonly ProcurifyOrderItem[]): string {
  const latest = items.reduce(
    (max, item) => (item.last_modified && item.last_modified > max ? item.last_modified : max),
    '',
  );
  return `${order.dateModified ?? ''}|${latest}`;
}

/** Whether a purchased or received requisition was approved at or after `since` (ISO). */
function approvedSince(
  order: ProcurifyRequisition,
  items: readonly ProcurifyOrderItem[],
  since: string,
): boolean {
  const approvedAt = items.reduce<string | undefined>(
    (latest, item) =>
      item.approved_datetime && (latest === undefined || item.approved_datetime > latest)
        ? item.approved_datetime
        : latest,
    undefined,
  );
  const when = approvedAt ?? order.date;
  return when !== undefined && Date.parse(when) >= Date.parse(since);
}

async function collect<T>(pages: AsyncGenerator<T[]>): Promise<T[]> {
  const all: T[] = [];
  for await (const page of pages) all.push(...page);
  return all;
}

const isNotFound = (error: unknown) => error instanceof SyncError && error.httpStatus === 404;

/**
 * The lookups one poll needs to turn flat order items into snapshots: budget accounts and
 * vendors by id, each fetched at most once per poll.
 */
function pollLookups(procurify: ProcurifyClient) {
  const accounts = new Map<number, Promise<ProcurifyBudgetAccount | undefined>>();
  const vendors = new Map<number, Promise<ProcurifyVendor | undefined>>();
  let allAccounts: Promise<Map<number, ProcurifyBudgetAccount>> | undefined;
  const scanAccounts = () => {
    allAccounts ??= collect(procurify.listAccounts()).then(
      (rows) => new Map(rows.flatMap((row) => (row.id === undefined ? [] : [[row.id, row] as const]))),
    );
    return allAccounts;
  };
  const account = (id: number) => {
    let found = accounts.get(id);
    if (!found) {
      // `id` narrows the list to one row; Procurify ignores filters it does not know, so the row
      // is looked for in the answer, and a full scan (once per poll) settles any doubt.
      found = (async () => {
        const first = await procurify.listAccounts({ id }).next();
        const row = first.done ? undefined : first.value.find((candidate) => candidate.id === id);
        return row ?? (await scanAccounts()).get(id);
      })();
      accounts.set(id, found);
    }
    return found;
  };
  const vendor = (id: number) => {
    let found = vendors.get(id);
    if (!found) {
      found = procurify.getVendor(id).catch((error: unknown) => {
        if (isNotFound(error)) return undefined;
        throw error;
      });
      vendors.set(id, found);
    }
    return found;
  };
  /** Resolves everything `items` (of vendors `vendorIds`) point at; then lookups answer synchronously. */
  async function resolve(
    items: readonly ProcurifyOrderItem[],
    vendorIds: readonly number[],
    concurrency: number,
  ) {
    const accountIds = [...new Set(items.flatMap((item) => (item.account == null ? [] : [item.account])))];
    const ids = [...new Set(vendorIds.filter((id) => id !== 0))];
    const resolvedAccounts = new Map<number, ProcurifyBudgetAccount | undefined>();
    const resolvedVendors = new Map<number, ProcurifyVendor | undefined>();
    await mapWithConcurrency(accountIds, concurrency, async (id) => {
      resolvedAccounts.set(id, await account(id));
    });
    await mapWithConcurrency(ids, concurrency, async (id) => {
      resolvedVendors.set(id, await vendor(id));
    });
    return {
      account: (id: number) => resolvedAccounts.get(id),
      vendor: (id: number) => resolvedVendors.get(id),
    };
  }
  return { resolve };
}

/**
 * Approved requisitions and their lines, for `options.poSource = "approved_requisitions"`
 * (design.md §1: approved requisition lines become Oracle POs before a purchaser converts them).
 *
 * `GET /api/v2/global/orders/?modified_date_0=` is date-only, so each poll re-reads from the day
 * before its cursor; requisitions whose `dateModified` did not move are not read again. For each
 * changed requisition its order items are read (`orderNum=`), their budget accounts and vendors
 * resolved (once per poll), and one ledger record is kept per requisition × vendor (entity
 * `requisition`, source id `{num}-v{vendorId}`): an Oracle PO has one supplier. Unchanged
 * content (the hash ignores stamps and purchase progress) records nothing.
 *
 * Which versions are recorded: every vendor of an approved requisition (also once purchased or
 * received, if approved since the stream started: one approved and purchased between two polls
 * is not lost, an old one received today is not sent); for a requisition that is
 * pending, denied, cancelled or a draft, only vendors already in the ledger (a withdrawal is
 * seen; nothing new is made of a requisition nobody approved). Assumption (❓ not documented):
 * editing a line bumps its requisition's `dateModified`, as the simulator does.
 */
export const procurifyRequisitionsStream: Stream = {
  ...streamCatalog.requisitions,
  async run(context) {
    const { clients, ledger, settings } = context;
    const from = windowStart(context, dayMs);
    const previous = stateSchema.parse(context.state ?? {});
    const since = previous.since ?? from.toISOString();
    const next: RequisitionsState = { seen: {}, vendors: { ...previous.vendors }, since };
    const lookups = pollLookups(clients.procurify);
    let recorded = emptyRecordResult();
    let read = 0;
    for await (const page of clients.procurify.listRequisitions({ modifiedFrom: from })) {
      read += page.length;
      const changed = page.filter((order) => {
        const stamp = order.dateModified ?? '';
        next.seen[String(order.num)] = stamp;
        return stamp === '' || previous.seen[String(order.num)] !== stamp;
      });
      const orders = await mapWithConcurrency(changed, context.detailConcurrency, async (order) => ({
        order,
        // Defensive: only this requisition's items, should the filter ever be ignored.
        items: (await collect(clients.procurify.listOrderItems({ orderNum: order.num }))).filter(
          (item) => item.orderNum === order.num,
        ),
      }));

      const candidates = orders.map(({ order, items }) => {
        const current = [...new Set(items.map((item) => item.pref_vendor ?? 0))];
        const remembered = next.vendors[String(order.num)] ?? [];
        return { order, items, current, gone: remembered.filter((id) => !current.includes(id)) };
      });
      const known = await ledger.knownVersions(
        settings.id,
        'requisition',
        candidates.flatMap(({ order, current, gone }) =>
          [...current, ...gone].map((vendorId) => requisitionSourceId(order.num, vendorId)),
        ),
      );

      const versions: SourceVersion[] = [];
      for (const { order, items, current, gone } of candidates) {
        const approved =
          requisitionApproval(order.status) === 'approved' &&
          (order.status === 1 || approvedSince(order, items, since));
        const wanted = (vendorId: number) =>
          approved || known.has(requisitionSourceId(order.num, vendorId)) || gone.includes(vendorId);
        const relevant = items.filter((item) => wanted(item.pref_vendor ?? 0));
        if (relevant.length === 0 && gone.length === 0) continue;
        const resolved = await lookups.resolve(
          relevant,
          [...current.filter(wanted), ...gone],
          context.detailConcurrency,
        );
        const snapshots = buildRequisitionSnapshots(order, relevant, resolved, gone);
        const version = requisitionVersion(order, items);
        for (const snapshot of snapshots) {
          versions.push({
            sourceId: requisitionSourceId(order.num, snapshot.vendor?.id ?? null),
            sourceNumber: String(order.num),
            sourceVersion: version,
            sourceUpdatedAt: order.dateModified ? new Date(order.dateModified) : null,
            contentHash: contentHash(snapshot, requisitionHashIgnoredKeys),
            snapshot,
          });
        }
        // Vendors stay remembered while the requisition can still change under them.
        const open = order.status === 1 || order.status === 0 || order.status === 6;
        if (open && approved) next.vendors[String(order.num)] = current;
        else if (!open) delete next.vendors[String(order.num)];
      }
      recorded = addResults(
        recorded,
        await ledger.recordSourceVersions(settings.id, 'requisition', versions),
      );
    }
    return { watermark: context.startedAt, read, recorded, state: next };
  },
};
