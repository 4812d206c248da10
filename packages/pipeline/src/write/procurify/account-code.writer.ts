import { PermanentError } from '@mlc/errors';
import { MasterData } from '@mlc/ledger';
import { sameValue } from '@mlc/mapping';
import type { ProcurifyAccountCode, ProcurifyClient } from '@mlc/procurify-client';
import { accountCodeMasterInput } from '../../master/master-records.ts';
import { MasterSync } from '../../master/master-sync.ts';
import type { AccountCodeWrite } from '../../map/segment-values.mapper.ts';
import type { Target, TargetWriter, WriterContext } from '../target-writer.ts';

type Context = WriterContext<ProcurifyClient>;

async function byCode(client: ProcurifyClient, code: string): Promise<ProcurifyAccountCode | undefined> {
  return (await client.listAccountCodes({ code })).find((candidate) => candidate.code === code);
}

/** Writes the account code through to the master cache and aligns the GL account mappings. */
async function finish(
  context: Context,
  payload: AccountCodeWrite,
  code: ProcurifyAccountCode,
  via: Target['via'],
  message: string,
): Promise<Target> {
  await new MasterData(context.prisma).upsert(context.settings.id, 'procurify', 'account_code', [
    accountCodeMasterInput(code),
  ]);
  await new MasterSync(context.prisma, context.ledger, context.logger).alignDimensions(
    context.settings.id,
    'gl_account',
  );
  return {
    targetId: String(code.id),
    targetNumber: code.code,
    via,
    details: { accountCode: code.code, carriedFor: String(code.id), carried: payload.carried },
    message,
  };
}

const carries = (code: ProcurifyAccountCode, wanted: AccountCodeWrite['accountCode']) =>
  sameValue(code.description ?? null, wanted.description) &&
  (wanted.account_type === undefined || code.account_type === wanted.account_type);

/**
 * Oracle natural-account value → Procurify account code (ledger entity `gl_account`). Codes are
 * unique in Procurify, so the code is the natural key: a create adopts an existing code (a lost
 * response, a retry), and an update (PUT: code, description and type together) is skipped when
 * the code already carries it.
 */
export const accountCodeWriter: TargetWriter<ProcurifyClient> = {
  async lookUp(context) {
    const payload = context.record.mappedPayload as AccountCodeWrite;
    const existing = await byCode(context.client, payload.accountCode.code);
    if (!existing) return undefined;
    if (payload.action === 'create')
      return finish(
        context,
        payload,
        existing,
        'adopted',
        `account code ${existing.code} already in Procurify; adopted`,
      );
    return carries(existing, payload.accountCode)
      ? finish(
          context,
          payload,
          existing,
          'updated',
          `account code ${existing.code} already carries the change`,
        )
      : undefined;
  },
  async write(context) {
    const { client } = context;
    const payload = context.record.mappedPayload as AccountCodeWrite;
    if (payload.action === 'update') {
      const code = await client.updateAccountCode(Number(payload.accountCodeId), payload.accountCode);
      return finish(
        context,
        payload,
        code,
        'updated',
        `updated Procurify account code ${code.code}: ${Object.keys(payload.changes).join(', ')}`,
      );
    }
    const existing = await byCode(client, payload.accountCode.code);
    if (existing)
      return finish(
        context,
        payload,
        existing,
        'adopted',
        `account code ${existing.code} already in Procurify; adopted`,
      );
    try {
      const code = await client.createAccountCode(payload.accountCode);
      return finish(
        context,
        payload,
        code,
        'created',
        `created Procurify account code ${code.code} "${code.description ?? ''}"`,
      );
    } catch (error) {
      // Someone (or an earlier attempt) created it between the look-up and the create.
      if (
        error instanceof PermanentError &&
        /already exists/i.test(`${error.message} ${error.upstreamMessage ?? ''}`)
      ) {
        const raced = await byCode(client, payload.accountCode.code);
        if (raced)
          return finish(
            context,
            payload,
            raced,
            'adopted',
            `account code ${raced.code} already in Procurify; adopted`,
          );
      }
      throw error;
    }
  },
};
