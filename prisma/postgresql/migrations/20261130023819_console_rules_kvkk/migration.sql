-- CreateTable
CREATE TABLE "RuleFileVersion" (
    "id" TEXT NOT NULL,
    "file" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "content" TEXT NOT NULL,
    "ruleSet" TEXT,
    "savedBy" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "RuleFileVersion_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DestructionRecord" (
    "id" TEXT NOT NULL,
    "subjectHash" TEXT NOT NULL,
    "subjectKind" TEXT NOT NULL,
    "requestedBy" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "counts" JSONB NOT NULL,
    "keepUntil" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DestructionRecord_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "RuleFileVersion_file_version_key" ON "RuleFileVersion"("file", "version");

-- CreateIndex
CREATE INDEX "DestructionRecord_keepUntil_idx" ON "DestructionRecord"("keepUntil");

