-- AlterTable
ALTER TABLE "hosts" ADD COLUMN     "hardening_kernel" TEXT;
