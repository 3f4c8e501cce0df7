-- CreateTable
CREATE TABLE "RuleFileVersion" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "file" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "content" TEXT NOT NULL,
    "ruleSet" TEXT,
    "savedBy" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "DestructionRecord" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "subjectHash" TEXT NOT NULL,
    "subjectKind" TEXT NOT NULL,
    "requestedBy" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "counts" JSONB NOT NULL,
    "keepUntil" DATETIME NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateIndex
CREATE UNIQUE INDEX "RuleFileVersion_file_version_key" ON "RuleFileVersion"("file", "version");

-- CreateIndex
CREATE INDEX "DestructionRecord_keepUntil_idx" ON "DestructionRecord"("keepUntil");

