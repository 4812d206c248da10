-- CreateEnum
CREATE TYPE "connection_status" AS ENUM ('active', 'paused', 'auth_failed');

-- CreateEnum
CREATE TYPE "upstream_system" AS ENUM ('procurify', 'oracle');

-- CreateEnum
CREATE TYPE "ledger_status" AS ENUM ('pending', 'mapped', 'writing', 'synced', 'blocked', 'failed', 'uncertain', 'skipped', 'superseded');

-- CreateEnum
CREATE TYPE "ledger_entity" AS ENUM ('purchase_order', 'requisition', 'bill', 'invoice_payment', 'procurify_payment', 'vendor', 'supplier', 'gl_account', 'cost_center', 'business_unit');

-- CreateEnum
CREATE TYPE "link_state" AS ENUM ('confirmed', 'suggested');

-- CreateEnum
CREATE TYPE "dimension_kind" AS ENUM ('gl_account', 'department', 'cost_center', 'location');

-- CreateTable
CREATE TABLE "connections" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "status" "connection_status" NOT NULL DEFAULT 'active',
    "status_reason" TEXT,
    "procurify_subdomain" TEXT NOT NULL,
    "procurify_base_url" TEXT,
    "oracle_pod_url" TEXT NOT NULL,
    "oracle_base_url" TEXT,
    "oracle_token_url" TEXT,
    "oracle_settings" JSONB NOT NULL,
    "accounting" JSONB NOT NULL,
    "options" JSONB NOT NULL,
    "interval_minutes" INTEGER NOT NULL DEFAULT 10,
    "master_data_interval_minutes" INTEGER NOT NULL DEFAULT 60,
    "initial_lookback_days" INTEGER NOT NULL DEFAULT 30,
    "overlap_minutes" INTEGER NOT NULL DEFAULT 5,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "connections_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "credentials" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "connection_id" TEXT NOT NULL,
    "system" "upstream_system" NOT NULL,
    "ciphertext" BYTEA NOT NULL,
    "iv" BYTEA NOT NULL,
    "auth_tag" BYTEA NOT NULL,
    "key_version" INTEGER NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "credentials_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "poll_cursors" (
    "connection_id" TEXT NOT NULL,
    "stream" TEXT NOT NULL,
    "watermark" TIMESTAMPTZ(3),
    "last_run_at" TIMESTAMPTZ(3),
    "last_success_at" TIMESTAMPTZ(3),
    "last_result" TEXT,
    "last_error" TEXT,
    "last_count" INTEGER NOT NULL DEFAULT 0,
    "state" JSONB,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "poll_cursors_pkey" PRIMARY KEY ("connection_id","stream")
);

-- CreateTable
CREATE TABLE "sync_ledger" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "connection_id" TEXT NOT NULL,
    "entity" "ledger_entity" NOT NULL,
    "source_id" TEXT NOT NULL,
    "source_number" TEXT,
    "source_version" TEXT,
    "source_updated_at" TIMESTAMPTZ(3),
    "content_hash" TEXT NOT NULL,
    "status" "ledger_status" NOT NULL DEFAULT 'pending',
    "reason" TEXT,
    "error_class" TEXT,
    "error_code" TEXT,
    "blocked_on" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "target_id" TEXT,
    "target_number" TEXT,
    "synced_hash" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "replays" INTEGER NOT NULL DEFAULT 0,
    "source_snapshot" JSONB,
    "mapped_payload" JSONB,
    "details" JSONB,
    "first_seen_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_attempt_at" TIMESTAMPTZ(3),
    "synced_at" TIMESTAMPTZ(3),

    CONSTRAINT "sync_ledger_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "sync_ledger_events" (
    "id" BIGSERIAL NOT NULL,
    "ledger_id" UUID NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "action" TEXT NOT NULL,
    "outcome" TEXT NOT NULL,
    "from_status" "ledger_status",
    "to_status" "ledger_status",
    "http_status" INTEGER,
    "message" TEXT,
    "details" JSONB,

    CONSTRAINT "sync_ledger_events_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "vendor_links" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "connection_id" TEXT NOT NULL,
    "procurify_vendor_id" TEXT NOT NULL,
    "procurify_vendor_name" TEXT NOT NULL,
    "oracle_supplier_id" TEXT,
    "oracle_supplier_number" TEXT NOT NULL,
    "oracle_supplier_name" TEXT NOT NULL,
    "oracle_supplier_site" TEXT,
    "oracle_supplier_site_id" TEXT,
    "matched_by" TEXT NOT NULL,
    "state" "link_state" NOT NULL,
    "score" DOUBLE PRECISION,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "vendor_links_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "dimension_mappings" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "connection_id" TEXT NOT NULL,
    "kind" "dimension_kind" NOT NULL,
    "procurify_key" TEXT NOT NULL,
    "procurify_label" TEXT,
    "oracle_value" TEXT NOT NULL,
    "oracle_label" TEXT,
    "attributes" JSONB,
    "matched_by" TEXT NOT NULL,
    "state" "link_state" NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "dimension_mappings_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "connection_issues" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "connection_id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "system" "upstream_system",
    "message" TEXT NOT NULL,
    "occurrences" INTEGER NOT NULL DEFAULT 1,
    "first_seen_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_seen_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "resolved_at" TIMESTAMPTZ(3),
    "open_key" TEXT,

    CONSTRAINT "connection_issues_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "master_records" (
    "connection_id" TEXT NOT NULL,
    "system" "upstream_system" NOT NULL,
    "kind" TEXT NOT NULL,
    "external_id" TEXT NOT NULL,
    "key" TEXT,
    "name" TEXT,
    "normalized_name" TEXT,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "data" JSONB NOT NULL,
    "content_hash" TEXT NOT NULL,
    "source_updated_at" TIMESTAMPTZ(3),
    "seen_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "master_records_pkey" PRIMARY KEY ("connection_id","system","kind","external_id")
);

-- CreateTable
CREATE TABLE "outbox" (
    "id" BIGSERIAL NOT NULL,
    "queue" TEXT NOT NULL,
    "job_name" TEXT NOT NULL,
    "job_id" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "delay_ms" INTEGER NOT NULL DEFAULT 0,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "outbox_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "credentials_key_version_idx" ON "credentials"("key_version");

-- CreateIndex
CREATE UNIQUE INDEX "credentials_connection_id_system_key" ON "credentials"("connection_id", "system");

-- CreateIndex
CREATE INDEX "sync_ledger_connection_id_status_updated_at_idx" ON "sync_ledger"("connection_id", "status", "updated_at");

-- CreateIndex
CREATE INDEX "sync_ledger_connection_id_entity_status_idx" ON "sync_ledger"("connection_id", "entity", "status");

-- CreateIndex
CREATE INDEX "sync_ledger_connection_id_entity_target_id_idx" ON "sync_ledger"("connection_id", "entity", "target_id");

-- CreateIndex
CREATE INDEX "sync_ledger_status_updated_at_idx" ON "sync_ledger"("status", "updated_at");

-- CreateIndex
CREATE INDEX "sync_ledger_blocked_on_idx" ON "sync_ledger" USING GIN ("blocked_on");

-- CreateIndex
CREATE UNIQUE INDEX "sync_ledger_connection_id_entity_source_id_key" ON "sync_ledger"("connection_id", "entity", "source_id");

-- CreateIndex
CREATE INDEX "sync_ledger_events_ledger_id_id_idx" ON "sync_ledger_events"("ledger_id", "id");

-- CreateIndex
CREATE INDEX "vendor_links_connection_id_oracle_supplier_number_idx" ON "vendor_links"("connection_id", "oracle_supplier_number");

-- CreateIndex
CREATE INDEX "vendor_links_connection_id_oracle_supplier_id_idx" ON "vendor_links"("connection_id", "oracle_supplier_id");

-- CreateIndex
CREATE UNIQUE INDEX "vendor_links_connection_id_procurify_vendor_id_key" ON "vendor_links"("connection_id", "procurify_vendor_id");

-- CreateIndex
CREATE INDEX "dimension_mappings_connection_id_kind_oracle_value_idx" ON "dimension_mappings"("connection_id", "kind", "oracle_value");

-- CreateIndex
CREATE UNIQUE INDEX "dimension_mappings_connection_id_kind_procurify_key_key" ON "dimension_mappings"("connection_id", "kind", "procurify_key");

-- CreateIndex
CREATE UNIQUE INDEX "connection_issues_open_key_key" ON "connection_issues"("open_key");

-- CreateIndex
CREATE INDEX "connection_issues_connection_id_resolved_at_idx" ON "connection_issues"("connection_id", "resolved_at");

-- CreateIndex
CREATE INDEX "master_records_connection_id_system_kind_key_idx" ON "master_records"("connection_id", "system", "kind", "key");

-- CreateIndex
CREATE INDEX "master_records_connection_id_system_kind_normalized_name_idx" ON "master_records"("connection_id", "system", "kind", "normalized_name");

-- CreateIndex
CREATE UNIQUE INDEX "outbox_queue_job_id_key" ON "outbox"("queue", "job_id");

-- AddForeignKey
ALTER TABLE "credentials" ADD CONSTRAINT "credentials_connection_id_fkey" FOREIGN KEY ("connection_id") REFERENCES "connections"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "poll_cursors" ADD CONSTRAINT "poll_cursors_connection_id_fkey" FOREIGN KEY ("connection_id") REFERENCES "connections"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "sync_ledger" ADD CONSTRAINT "sync_ledger_connection_id_fkey" FOREIGN KEY ("connection_id") REFERENCES "connections"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "sync_ledger_events" ADD CONSTRAINT "sync_ledger_events_ledger_id_fkey" FOREIGN KEY ("ledger_id") REFERENCES "sync_ledger"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "vendor_links" ADD CONSTRAINT "vendor_links_connection_id_fkey" FOREIGN KEY ("connection_id") REFERENCES "connections"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "dimension_mappings" ADD CONSTRAINT "dimension_mappings_connection_id_fkey" FOREIGN KEY ("connection_id") REFERENCES "connections"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "connection_issues" ADD CONSTRAINT "connection_issues_connection_id_fkey" FOREIGN KEY ("connection_id") REFERENCES "connections"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "master_records" ADD CONSTRAINT "master_records_connection_id_fkey" FOREIGN KEY ("connection_id") REFERENCES "connections"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Ledger events are append-only: history an operator reads must never be rewritten.
-- (Not expressible in schema.prisma; the drift check compares tables, columns, keys and indexes.)
CREATE FUNCTION "sync_ledger_events_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'sync_ledger_events is append-only';
END;
$$;
CREATE TRIGGER "sync_ledger_events_no_update" BEFORE UPDATE ON "sync_ledger_events"
  FOR EACH ROW EXECUTE FUNCTION "sync_ledger_events_append_only"();

-- Wake outbox relays as soon as a row commits (they also poll, so a missed notification only adds latency).
CREATE FUNCTION "outbox_notify"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('mlc_outbox', '');
  RETURN NULL;
END;
$$;
CREATE TRIGGER "outbox_notify_insert" AFTER INSERT ON "outbox"
  FOR EACH STATEMENT EXECUTE FUNCTION "outbox_notify"();
