-- CreateTable
CREATE TABLE "encryption_keys" (
    "version" SERIAL NOT NULL,
    "fingerprint" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "retired_at" TIMESTAMPTZ(3),

    CONSTRAINT "encryption_keys_pkey" PRIMARY KEY ("version")
);

-- CreateIndex
CREATE UNIQUE INDEX "encryption_keys_fingerprint_key" ON "encryption_keys"("fingerprint");
