-- DropIndex
DROP INDEX "panics_rhel_release_idx";
