#!/bin/sh
# Stands in for Prisma's native schema engine, which cannot be downloaded on offline machines.
# `prisma generate` only needs the variable to point at a file; anything that really calls the
# engine (prisma migrate, db push) fails loudly here instead of hanging on a download.
echo "panicboard: the native Prisma schema engine is not available; use 'npm run db:migrate', 'npm run db:new-migration <name>' or 'npm run db:check'" >&2
exit 1
