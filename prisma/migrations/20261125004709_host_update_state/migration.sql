-- AlterTable
ALTER TABLE "hosts" ADD COLUMN     "blocker_bug_ids" TEXT[] DEFAULT ARRAY[]::TEXT[],
ADD COLUMN     "exposure_bug_ids" TEXT[] DEFAULT ARRAY[]::TEXT[],
ADD COLUMN     "needs_update" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "open_bug_ids" TEXT[] DEFAULT ARRAY[]::TEXT[],
ADD COLUMN     "rhel_release" TEXT,
ADD COLUMN     "target_kernel" TEXT,
ADD COLUMN     "update_computed_at" TIMESTAMPTZ(3);

-- CreateIndex
CREATE INDEX "hosts_rhel_release_idx" ON "hosts"("rhel_release");

-- CreateIndex
CREATE INDEX "hosts_needs_update_last_panic_at_idx" ON "hosts"("needs_update", "last_panic_at" DESC);
