-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateTable
CREATE TABLE "hosts" (
    "id" SERIAL NOT NULL,
    "hostname" TEXT NOT NULL,
    "current_kernel" TEXT,
    "kernel_reported_at" TIMESTAMPTZ(3),
    "panic_count" INTEGER NOT NULL DEFAULT 0,
    "first_panic_at" TIMESTAMPTZ(3),
    "last_panic_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "hosts_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "host_kernels" (
    "host_id" INTEGER NOT NULL,
    "kernel_release" TEXT NOT NULL,
    "first_seen_at" TIMESTAMPTZ(3) NOT NULL,
    "last_seen_at" TIMESTAMPTZ(3) NOT NULL,
    "source" TEXT NOT NULL,

    CONSTRAINT "host_kernels_pkey" PRIMARY KEY ("host_id","kernel_release")
);

-- CreateTable
CREATE TABLE "panics" (
    "id" BIGSERIAL NOT NULL,
    "host_id" INTEGER NOT NULL,
    "raw_text" TEXT NOT NULL,
    "sha256" CHAR(64) NOT NULL,
    "crash_time" TIMESTAMPTZ(3) NOT NULL,
    "uploaded_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "source" TEXT NOT NULL DEFAULT 'api',
    "kernel_release" TEXT,
    "rhel_release" TEXT,
    "kind" TEXT,
    "title" TEXT,
    "message" TEXT,
    "panicked" BOOLEAN NOT NULL DEFAULT true,
    "signature_id" INTEGER,
    "known_bug_id" TEXT,
    "match_rule" TEXT,
    "match_confidence" DOUBLE PRECISION,
    "match_regression" BOOLEAN NOT NULL DEFAULT false,
    "parsed" JSONB NOT NULL DEFAULT '{}',

    CONSTRAINT "panics_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "signatures" (
    "id" SERIAL NOT NULL,
    "fingerprint" TEXT NOT NULL,
    "kind" TEXT,
    "title" TEXT NOT NULL,
    "known_bug_id" TEXT,
    "panic_count" INTEGER NOT NULL DEFAULT 0,
    "host_count" INTEGER NOT NULL DEFAULT 0,
    "first_seen_at" TIMESTAMPTZ(3) NOT NULL,
    "last_seen_at" TIMESTAMPTZ(3) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "signatures_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "known_bugs" (
    "id" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "origin" TEXT NOT NULL DEFAULT 'catalogue',
    "definition" JSONB NOT NULL,
    "content_hash" CHAR(64) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "known_bugs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "known_bug_fixes" (
    "id" SERIAL NOT NULL,
    "known_bug_id" TEXT NOT NULL,
    "stream" TEXT NOT NULL,
    "fixed_in" TEXT NOT NULL,
    "is_backport" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "known_bug_fixes_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "api_tokens" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "token_hash" CHAR(64) NOT NULL,
    "prefix" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_used_at" TIMESTAMPTZ(3),
    "revoked_at" TIMESTAMPTZ(3),

    CONSTRAINT "api_tokens_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "app_state" (
    "key" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "app_state_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE UNIQUE INDEX "hosts_hostname_key" ON "hosts"("hostname");

-- CreateIndex
CREATE INDEX "hosts_last_panic_at_idx" ON "hosts"("last_panic_at" DESC);

-- CreateIndex
CREATE INDEX "hosts_current_kernel_idx" ON "hosts"("current_kernel");

-- CreateIndex
CREATE INDEX "host_kernels_kernel_release_idx" ON "host_kernels"("kernel_release");

-- CreateIndex
CREATE INDEX "panics_host_id_crash_time_idx" ON "panics"("host_id", "crash_time" DESC);

-- CreateIndex
CREATE INDEX "panics_signature_id_crash_time_idx" ON "panics"("signature_id", "crash_time" DESC);

-- CreateIndex
CREATE INDEX "panics_known_bug_id_crash_time_idx" ON "panics"("known_bug_id", "crash_time" DESC);

-- CreateIndex
CREATE INDEX "panics_kernel_release_crash_time_idx" ON "panics"("kernel_release", "crash_time" DESC);

-- CreateIndex
CREATE INDEX "panics_rhel_release_idx" ON "panics"("rhel_release");

-- CreateIndex
CREATE INDEX "panics_crash_time_idx" ON "panics"("crash_time" DESC);

-- CreateIndex
CREATE UNIQUE INDEX "panics_host_id_sha256_key" ON "panics"("host_id", "sha256");

-- CreateIndex
CREATE UNIQUE INDEX "signatures_fingerprint_key" ON "signatures"("fingerprint");

-- CreateIndex
CREATE INDEX "signatures_known_bug_id_idx" ON "signatures"("known_bug_id");

-- CreateIndex
CREATE INDEX "signatures_last_seen_at_idx" ON "signatures"("last_seen_at" DESC);

-- CreateIndex
CREATE INDEX "known_bug_fixes_stream_idx" ON "known_bug_fixes"("stream");

-- CreateIndex
CREATE UNIQUE INDEX "known_bug_fixes_known_bug_id_stream_fixed_in_key" ON "known_bug_fixes"("known_bug_id", "stream", "fixed_in");

-- CreateIndex
CREATE UNIQUE INDEX "api_tokens_name_key" ON "api_tokens"("name");

-- CreateIndex
CREATE UNIQUE INDEX "api_tokens_token_hash_key" ON "api_tokens"("token_hash");

-- AddForeignKey
ALTER TABLE "host_kernels" ADD CONSTRAINT "host_kernels_host_id_fkey" FOREIGN KEY ("host_id") REFERENCES "hosts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "panics" ADD CONSTRAINT "panics_host_id_fkey" FOREIGN KEY ("host_id") REFERENCES "hosts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "panics" ADD CONSTRAINT "panics_signature_id_fkey" FOREIGN KEY ("signature_id") REFERENCES "signatures"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "panics" ADD CONSTRAINT "panics_known_bug_id_fkey" FOREIGN KEY ("known_bug_id") REFERENCES "known_bugs"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "signatures" ADD CONSTRAINT "signatures_known_bug_id_fkey" FOREIGN KEY ("known_bug_id") REFERENCES "known_bugs"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "known_bug_fixes" ADD CONSTRAINT "known_bug_fixes_known_bug_id_fkey" FOREIGN KEY ("known_bug_id") REFERENCES "known_bugs"("id") ON DELETE CASCADE ON UPDATE CASCADE;
