-- CreateTable
CREATE TABLE "DraftPart" (
    "userId" TEXT NOT NULL,
    "draftGraphId" TEXT NOT NULL,
    "replyHtml" TEXT NOT NULL,
    "quoteHtml" TEXT NOT NULL,
    "bodyHash" TEXT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "DraftPart_pkey" PRIMARY KEY ("userId","draftGraphId")
);

-- AddForeignKey
ALTER TABLE "DraftPart" ADD CONSTRAINT "DraftPart_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;
