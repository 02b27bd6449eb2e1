-- DropIndex
DROP INDEX "panics_crash_time_idx";

-- CreateIndex
CREATE INDEX "panics_crash_time_known_bug_id_kernel_release_host_id_idx" ON "panics"("crash_time" DESC, "known_bug_id", "kernel_release", "host_id");
