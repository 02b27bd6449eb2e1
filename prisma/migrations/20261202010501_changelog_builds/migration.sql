-- CreateTable
CREATE TABLE "changelog_builds" (
    "id" SERIAL NOT NULL,
    "stream" TEXT NOT NULL,
    "build" TEXT NOT NULL,
    "date" DATE,
    "author" TEXT NOT NULL,
    "email" TEXT,
    "entries" TEXT[],
    "entry_count" INTEGER NOT NULL,
    "source" TEXT NOT NULL,
    "imported_by" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "changelog_builds_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "changelog_builds_stream_build_key" ON "changelog_builds"("stream", "build");
