-- DropIndex
DROP INDEX "MailMessage_userId_folderGraphId_receivedAt_graphId_idx";

-- CreateTable
CREATE TABLE "RenderedBody" (
    "userId" TEXT NOT NULL,
    "messageGraphId" TEXT NOT NULL,
    "remoteAllowed" BOOLEAN NOT NULL,
    "bodyFetchedAt" TIMESTAMP(3) NOT NULL,
    "renderKey" TEXT NOT NULL,
    "placeholderNonce" TEXT NOT NULL,
    "document" TEXT NOT NULL,
    "hasRemoteContent" BOOLEAN NOT NULL,
    "tooComplex" BOOLEAN NOT NULL,
    "expiresAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "RenderedBody_pkey" PRIMARY KEY ("userId","messageGraphId","remoteAllowed")
);

-- CreateIndex
CREATE INDEX "MailMessage_userId_folderGraphId_receivedAt_graphId_idx" ON "MailMessage"("userId", "folderGraphId", "receivedAt" DESC, "graphId" DESC);

-- CreateIndex
CREATE INDEX "MailMessage_userId_folderGraphId_isRead_idx" ON "MailMessage"("userId", "folderGraphId", "isRead");

-- CreateIndex
CREATE INDEX "MailMessage_userId_receivedAt_graphId_idx" ON "MailMessage"("userId", "receivedAt" DESC, "graphId" DESC);

-- AddForeignKey
ALTER TABLE "RenderedBody" ADD CONSTRAINT "RenderedBody_userId_messageGraphId_fkey" FOREIGN KEY ("userId", "messageGraphId") REFERENCES "MailMessage"("userId", "graphId") ON DELETE CASCADE ON UPDATE CASCADE;
