-- CreateTable
CREATE TABLE "DeadLetter" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "accountId" TEXT NOT NULL,
    "platform" TEXT NOT NULL,
    "externalId" TEXT NOT NULL,
    "postId" TEXT NOT NULL,
    "error" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'open',
    "attempts" INTEGER NOT NULL DEFAULT 1,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastSeenAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "resolvedBy" TEXT,
    "resolvedAt" DATETIME
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Decision" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "commentId" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "ruleSetVersion" TEXT NOT NULL,
    "matchedRules" JSONB NOT NULL,
    "categories" JSONB NOT NULL,
    "action" TEXT NOT NULL,
    "evidence" JSONB NOT NULL,
    "dryRun" BOOLEAN NOT NULL DEFAULT false,
    "routing" TEXT,
    "routingClaimedBy" TEXT,
    "routingClaimedUntil" DATETIME,
    "routingAttempts" INTEGER NOT NULL DEFAULT 0,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Decision_commentId_fkey" FOREIGN KEY ("commentId") REFERENCES "Comment" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_Decision" ("action", "categories", "commentId", "createdAt", "dryRun", "evidence", "id", "matchedRules", "routing", "ruleSetVersion", "version") SELECT "action", "categories", "commentId", "createdAt", "dryRun", "evidence", "id", "matchedRules", "routing", "ruleSetVersion", "version" FROM "Decision";
DROP TABLE "Decision";
ALTER TABLE "new_Decision" RENAME TO "Decision";
CREATE INDEX "Decision_routing_idx" ON "Decision"("routing");
CREATE UNIQUE INDEX "Decision_commentId_version_key" ON "Decision"("commentId", "version");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "DeadLetter_status_idx" ON "DeadLetter"("status");

-- CreateIndex
CREATE UNIQUE INDEX "DeadLetter_accountId_externalId_key" ON "DeadLetter"("accountId", "externalId");

