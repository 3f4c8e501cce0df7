-- AlterTable
ALTER TABLE "User" ADD COLUMN "totpEnabledAt" DATETIME;
ALTER TABLE "User" ADD COLUMN "totpLastStep" INTEGER;
ALTER TABLE "User" ADD COLUMN "totpPending" TEXT;
ALTER TABLE "User" ADD COLUMN "totpSecret" TEXT;

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_WebSession" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "userId" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastSeenAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" DATETIME NOT NULL,
    "stage" TEXT NOT NULL DEFAULT 'full',
    CONSTRAINT "WebSession_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_WebSession" ("createdAt", "expiresAt", "id", "lastSeenAt", "userId") SELECT "createdAt", "expiresAt", "id", "lastSeenAt", "userId" FROM "WebSession";
DROP TABLE "WebSession";
ALTER TABLE "new_WebSession" RENAME TO "WebSession";
CREATE INDEX "WebSession_userId_idx" ON "WebSession"("userId");
CREATE INDEX "WebSession_expiresAt_idx" ON "WebSession"("expiresAt");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

