import { z } from 'zod';
import type { Connection, PrismaClient } from '@mlc/db';
import { PermanentError } from '@mlc/errors';
import { assertSafeUpstreamUrl } from '@mlc/upstream';
import type { CredentialVault } from '@mlc/vault';
import {
  accountingSchema,
  connectionFileSchema,
  optionsSchema,
  type Accounting,
  type ConnectionFile,
  type ConnectionOptions,
  type OracleAuth,
  type Schedule,
} from './connection-file.ts';

/** The Oracle REST root every resource path is relative to. */
export const oracleRestPath = '/fscmRestApi/resources/11.13.18.05/';

const oracleSettingsSchema = z.object({
  authType: z.enum(['client_credentials', 'jwt_assertion', 'basic']),
  scope: z.string().optional(),
  restFrameworkVersion: z.string().default('4'),
  businessUnit: z.string(),
  procurementBU: z.string().optional(),
  buyerEmail: z.string().optional(),
});

/** A connection as the pipeline uses it: URLs derived and checked, JSON settings parsed. No secrets. */
export interface ConnectionSettings {
  id: string;
  name: string;
  status: Connection['status'];
  statusReason: string | null;
  procurify: { subdomain: string; baseUrl: string };
  oracle: {
    podUrl: string;
    /** Base of every REST resource: pod (or override) + /fscmRestApi/resources/11.13.18.05/. */
    restBaseUrl: string;
    authType: OracleAuth['type'];
    tokenUrl: string | undefined;
    scope: string | undefined;
    restFrameworkVersion: string;
    businessUnit: string;
    procurementBU: string;
    buyerEmail: string | undefined;
  };
  accounting: Accounting;
  schedule: Schedule;
  options: ConnectionOptions;
  updatedAt: Date;
}

/** What list/get answer: everything but secrets, plus when each credential was stored. */
export interface ConnectionView extends Omit<ConnectionSettings, 'updatedAt'> {
  credentials: { procurify: { storedAt: string } | null; oracle: { storedAt: string } | null };
  createdAt: string;
  updatedAt: string;
}

export class ConnectionNotFoundError extends PermanentError {
  constructor(id: string) {
    super(`No connection "${id}"`, { code: 'CONNECTION_NOT_FOUND' });
  }
}

function deriveUrls(
  row: Pick<
    Connection,
    'procurifySubdomain' | 'procurifyBaseUrl' | 'oraclePodUrl' | 'oracleBaseUrl' | 'oracleTokenUrl'
  >,
  allowInsecure: boolean,
) {
  if (!allowInsecure && (row.procurifyBaseUrl || row.oracleBaseUrl)) {
    throw new PermanentError(
      'baseUrl overrides (simulators, proxies) are refused unless MLC_ALLOW_INSECURE_UPSTREAMS=1',
      { code: 'UNSAFE_UPSTREAM_URL' },
    );
  }
  const procurify = assertSafeUpstreamUrl(
    'procurify',
    row.procurifyBaseUrl ?? `https://${row.procurifySubdomain}.procurify.com`,
    allowInsecure,
  );
  assertSafeUpstreamUrl('oracle-pod', row.oraclePodUrl, allowInsecure);
  const oracle = assertSafeUpstreamUrl('oracle-pod', row.oracleBaseUrl ?? row.oraclePodUrl, allowInsecure);
  if (row.oracleTokenUrl) assertSafeUpstreamUrl('oracle-token', row.oracleTokenUrl, allowInsecure);
  return {
    procurifyBaseUrl: procurify.origin + procurify.pathname.replace(/\/$/, ''),
    oracleRestBaseUrl: `${oracle.origin}${oracle.pathname.replace(/\/$/, '')}${oracleRestPath}`,
  };
}

export function toSettings(row: Connection, allowInsecure: boolean): ConnectionSettings {
  const urls = deriveUrls(row, allowInsecure);
  const oracle = oracleSettingsSchema.parse(row.oracleSettings);
  return {
    id: row.id,
    name: row.name,
    status: row.status,
    statusReason: row.statusReason,
    procurify: { subdomain: row.procurifySubdomain, baseUrl: urls.procurifyBaseUrl },
    oracle: {
      podUrl: row.oraclePodUrl,
      restBaseUrl: urls.oracleRestBaseUrl,
      authType: oracle.authType,
      tokenUrl: row.oracleTokenUrl ?? undefined,
      scope: oracle.scope,
      restFrameworkVersion: oracle.restFrameworkVersion,
      businessUnit: oracle.businessUnit,
      procurementBU: oracle.procurementBU ?? oracle.businessUnit,
      buyerEmail: oracle.buyerEmail,
    },
    accounting: accountingSchema.parse(row.accounting),
    schedule: {
      intervalMinutes: row.intervalMinutes,
      masterDataIntervalMinutes: row.masterDataIntervalMinutes,
      initialLookbackDays: row.initialLookbackDays,
      overlapMinutes: row.overlapMinutes,
    },
    options: optionsSchema.parse(row.options),
    updatedAt: row.updatedAt,
  };
}

/** The secret part of the Oracle auth settings (token URL and scope live on the connection row). */
function oracleSecretOf(auth: OracleAuth): Record<string, string> {
  const secret: Record<string, string> = {};
  for (const [key, value] of Object.entries(auth)) {
    if (key !== 'tokenUrl' && key !== 'scope' && typeof value === 'string') secret[key] = value;
  }
  return secret;
}

export class ConnectionStore {
  private readonly prisma: PrismaClient;
  private readonly allowInsecure: boolean;

  constructor(prisma: PrismaClient, options: { allowInsecureUpstreams: boolean }) {
    this.prisma = prisma;
    this.allowInsecure = options.allowInsecureUpstreams;
  }

  /** Parses a connection file and explains every problem at once (field paths included). */
  parseFile(input: unknown): ConnectionFile {
    const result = connectionFileSchema.safeParse(input);
    if (result.success) return result.data;
    const problems = result.error.issues.map(
      (issue) => `${issue.path.join('.') || '(file)'}: ${issue.message}`,
    );
    throw new PermanentError(`Invalid connection file: ${problems.join('; ')}`, {
      code: 'INVALID_CONNECTION_FILE',
    });
  }

  /**
   * Creates or updates a connection by id, storing both credentials through the vault (the only
   * place they exist, encrypted). New credentials lift an `auth_failed` status.
   */
  async save(input: unknown, vault: CredentialVault): Promise<{ created: boolean; view: ConnectionView }> {
    const file = this.parseFile(input);
    const data = {
      name: file.name,
      procurifySubdomain: file.procurify.subdomain,
      procurifyBaseUrl: file.procurify.baseUrl ?? null,
      oraclePodUrl: file.oracle.podUrl,
      oracleBaseUrl: file.oracle.baseUrl ?? null,
      oracleTokenUrl: 'tokenUrl' in file.oracle.auth ? file.oracle.auth.tokenUrl : null,
      oracleSettings: {
        authType: file.oracle.auth.type,
        ...('scope' in file.oracle.auth ? { scope: file.oracle.auth.scope } : {}),
        restFrameworkVersion: file.oracle.restFrameworkVersion,
        businessUnit: file.oracle.businessUnit,
        ...(file.oracle.procurementBU ? { procurementBU: file.oracle.procurementBU } : {}),
        ...(file.oracle.buyerEmail ? { buyerEmail: file.oracle.buyerEmail } : {}),
      },
      accounting: file.accounting,
      options: file.options,
      intervalMinutes: file.schedule.intervalMinutes,
      masterDataIntervalMinutes: file.schedule.masterDataIntervalMinutes,
      initialLookbackDays: file.schedule.initialLookbackDays,
      overlapMinutes: file.schedule.overlapMinutes,
    };
    // Refuse unsafe URLs before anything is written.
    deriveUrls(data, this.allowInsecure);

    const existing = await this.prisma.connection.findUnique({ where: { id: file.id } });
    await this.prisma.connection.upsert({
      where: { id: file.id },
      create: { id: file.id, ...data },
      update: {
        ...data,
        ...(existing?.status === 'auth_failed' ? { status: 'active', statusReason: null } : {}),
      },
    });
    await vault.store(file.id, 'procurify', {
      clientId: file.procurify.clientId,
      clientSecret: file.procurify.clientSecret,
    });
    await vault.store(file.id, 'oracle', oracleSecretOf(file.oracle.auth));
    if (existing?.status === 'auth_failed') {
      await this.prisma.connectionIssue.updateMany({
        where: { connectionId: file.id, kind: 'auth_failed', resolvedAt: null },
        data: { resolvedAt: new Date(), openKey: null },
      });
    }
    return { created: !existing, view: await this.view(file.id) };
  }

  async settings(id: string): Promise<ConnectionSettings> {
    const row = await this.prisma.connection.findUnique({ where: { id } });
    if (!row) throw new ConnectionNotFoundError(id);
    return toSettings(row, this.allowInsecure);
  }

  async view(id: string): Promise<ConnectionView> {
    const row = await this.prisma.connection.findUnique({
      where: { id },
      include: { credentials: { select: { system: true, updatedAt: true } } },
    });
    if (!row) throw new ConnectionNotFoundError(id);
    return this.toView(row, row.credentials);
  }

  async list(): Promise<ConnectionView[]> {
    const rows = await this.prisma.connection.findMany({
      orderBy: { id: 'asc' },
      include: { credentials: { select: { system: true, updatedAt: true } } },
    });
    return rows.map((row) => this.toView(row, row.credentials));
  }

  private toView(row: Connection, credentials: { system: string; updatedAt: Date }[]): ConnectionView {
    const { updatedAt, ...settings } = toSettings(row, true);
    const stored = (system: string) => {
      const credential = credentials.find((candidate) => candidate.system === system);
      return credential ? { storedAt: credential.updatedAt.toISOString() } : null;
    };
    return {
      ...settings,
      credentials: { procurify: stored('procurify'), oracle: stored('oracle') },
      createdAt: row.createdAt.toISOString(),
      updatedAt: updatedAt.toISOString(),
    };
  }
}
