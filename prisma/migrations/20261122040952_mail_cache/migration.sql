-- CreateTable
CREATE TABLE "MailFolder" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "graphId" TEXT NOT NULL,
    "parentGraphId" TEXT,
    "displayName" TEXT NOT NULL,
    "wellKnownName" TEXT,
    "unreadCount" INTEGER NOT NULL DEFAULT 0,
    "totalCount" INTEGER NOT NULL DEFAULT 0,
    "deltaLink" TEXT,
    "syncedAt" TIMESTAMP(3),

    CONSTRAINT "MailFolder_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MailMessage" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "graphId" TEXT NOT NULL,
    "folderGraphId" TEXT NOT NULL,
    "conversationId" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "preview" TEXT NOT NULL,
    "fromName" TEXT,
    "fromAddress" TEXT,
    "toRecipients" JSONB NOT NULL DEFAULT '[]',
    "ccRecipients" JSONB NOT NULL DEFAULT '[]',
    "receivedAt" TIMESTAMP(3) NOT NULL,
    "isRead" BOOLEAN NOT NULL,
    "isDraft" BOOLEAN NOT NULL DEFAULT false,
    "flagStatus" TEXT NOT NULL DEFAULT 'notFlagged',
    "hasAttachments" BOOLEAN NOT NULL DEFAULT false,
    "importance" TEXT NOT NULL DEFAULT 'normal',
    "changeKey" TEXT,
    "bodyType" TEXT,
    "bodyContent" TEXT,
    "attachments" JSONB,
    "bodyFetchedAt" TIMESTAMP(3),
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "MailMessage_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MailSyncState" (
    "userId" TEXT NOT NULL,
    "state" TEXT NOT NULL DEFAULT 'idle',
    "folderName" TEXT,
    "done" INTEGER NOT NULL DEFAULT 0,
    "total" INTEGER NOT NULL DEFAULT 0,
    "startedAt" TIMESTAMP(3),
    "finishedAt" TIMESTAMP(3),
    "error" TEXT,

    CONSTRAINT "MailSyncState_pkey" PRIMARY KEY ("userId")
);

-- CreateTable
CREATE TABLE "TrustedSender" (
    "userId" TEXT NOT NULL,
    "address" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "TrustedSender_pkey" PRIMARY KEY ("userId","address")
);

-- CreateIndex
CREATE UNIQUE INDEX "MailFolder_userId_graphId_key" ON "MailFolder"("userId", "graphId");

-- CreateIndex
CREATE INDEX "MailMessage_userId_folderGraphId_receivedAt_graphId_idx" ON "MailMessage"("userId", "folderGraphId", "receivedAt" DESC, "graphId");

-- CreateIndex
CREATE INDEX "MailMessage_userId_conversationId_idx" ON "MailMessage"("userId", "conversationId");

-- CreateIndex
CREATE UNIQUE INDEX "MailMessage_userId_graphId_key" ON "MailMessage"("userId", "graphId");

-- AddForeignKey
ALTER TABLE "MailFolder" ADD CONSTRAINT "MailFolder_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MailMessage" ADD CONSTRAINT "MailMessage_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MailSyncState" ADD CONSTRAINT "MailSyncState_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TrustedSender" ADD CONSTRAINT "TrustedSender_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;
