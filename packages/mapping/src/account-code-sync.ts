import { fitText, masterChanges, textOrNull, type FieldValues } from './master-diff.ts';

/**
 * Oracle GL natural-account values → Procurify account codes (ledger entity `gl_account`). The
 * chart of accounts is owned in Oracle: codes are created and their descriptions follow Oracle;
 * nothing goes the other way.
 */

/** An Oracle segment value (natural account or cost center), from a value set or the combinations. */
export interface OracleSegmentValue {
  value: string;
  /** Null when the source has none (values derived from account combinations). */
  description: string | null;
  enabled: boolean;
  /** Oracle's account type (A, L, E, R, O) when known. */
  accountType: string | null;
}

/** Procurify's limits (AccountCodeCreateRequest, official spec). */
export const accountCodeLimits = { code: 50, description: 200 } as const;

export type AccountCodeField = 'code' | 'description' | 'account_type';
export type AccountCodeFields = FieldValues<AccountCodeField>;

/** Oracle account type → Procurify AccountTypeEnum (0 Assets, 1 Liability, 2 Expense, 3 Income, 4 Equity). */
const accountTypes: Readonly<Record<string, number>> = { A: 0, L: 1, E: 2, R: 3, O: 4 };

export function accountTypeFromOracle(type: string | null | undefined): number | undefined {
  const key = textOrNull(type)?.toUpperCase();
  return key === undefined ? undefined : accountTypes[key];
}

export type SegmentFieldsResult<F> =
  | { kind: 'ok'; fields: F; warnings: string[] }
  | { kind: 'failed'; code: 'FIELD_TOO_LONG' | 'NO_VALUE'; reason: string };

/**
 * What Oracle says the account code carries: the code (refused over Procurify's 50: it is the
 * key), the description cut to 200 with a warning, and the account type where Oracle says one.
 * A value without a description does not carry one, so Procurify's stays.
 */
export function accountCodeFieldsFromValue(
  value: OracleSegmentValue,
): SegmentFieldsResult<AccountCodeFields> {
  const code = textOrNull(value.value);
  if (code === null) return { kind: 'failed', code: 'NO_VALUE', reason: 'The Oracle value is empty' };
  const fittedCode = fitText(code, accountCodeLimits.code, {
    field: `Account value "${code}"`,
    onTooLong: 'fail',
    target: 'Procurify',
  });
  if (fittedCode.kind !== 'ok')
    return {
      kind: 'failed',
      code: 'FIELD_TOO_LONG',
      reason: fittedCode.kind === 'too_long' ? fittedCode.reason : fittedCode.warning,
    };
  const warnings: string[] = [];
  const fields: AccountCodeFields = { code: fittedCode.value };
  const description = textOrNull(value.description);
  if (description !== null) {
    const fitted = fitText(description, accountCodeLimits.description, {
      field: `The description of ${code}`,
      onTooLong: 'truncate',
      target: 'Procurify',
    });
    if (fitted.kind === 'ok') {
      fields.description = fitted.value;
      if (fitted.warning) warnings.push(fitted.warning);
    }
  }
  const type = accountTypeFromOracle(value.accountType);
  if (type !== undefined) fields.account_type = type;
  return { kind: 'ok', fields, warnings };
}

/** A Procurify account code as this flow needs it. */
export interface AccountCodeProfile {
  id: string;
  code: string;
  description: string | null;
  accountType: number | null;
  active: boolean;
}

export type AccountCodePlan =
  | { kind: 'create'; accountCode: { code: string; description: string; account_type?: number } }
  | { kind: 'update'; accountCodeId: string; current: AccountCodeProfile; changes: AccountCodeFields }
  | { kind: 'in_sync'; accountCodeId: string }
  | { kind: 'skip'; reason: string };

/**
 * Create the code when Procurify has none (enabled values only; with no description in Oracle
 * the code doubles as one, since Procurify requires it), else update only what changed in Oracle
 * since the last sync (`masterChanges`). A value disabled in Oracle is skipped: Procurify's API
 * cannot deactivate an account code, so the reason says to do it there.
 */
export function planAccountCodeSync(input: {
  desired: AccountCodeFields;
  enabled: boolean;
  current: AccountCodeProfile | undefined;
  previous: AccountCodeFields | undefined;
}): AccountCodePlan {
  const { desired, current } = input;
  const code = String(desired.code);
  if (!input.enabled) {
    return {
      kind: 'skip',
      reason: current
        ? `Disabled in Oracle; Procurify's API cannot deactivate account codes: deactivate ${current.code} in Procurify if it should no longer be used`
        : 'Disabled in Oracle and not in Procurify: no account code is created for it',
    };
  }
  if (!current) {
    const description = typeof desired.description === 'string' ? desired.description : code;
    return {
      kind: 'create',
      accountCode: {
        code,
        description,
        ...(typeof desired.account_type === 'number' ? { account_type: desired.account_type } : {}),
      },
    };
  }
  // The code is the pairing key: it is never rewritten, only descriptions and types follow Oracle.
  const { code: _code, ...rest } = desired;
  const changes = masterChanges(
    rest,
    { description: current.description, account_type: current.accountType },
    input.previous,
  );
  return Object.keys(changes).length === 0
    ? { kind: 'in_sync', accountCodeId: current.id }
    : { kind: 'update', accountCodeId: current.id, current, changes };
}
