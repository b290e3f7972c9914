-- CreateIndex
CREATE INDEX "MailMessage_userId_folderGraphId_inferenceClassification_re_idx" ON "MailMessage"("userId", "folderGraphId", "inferenceClassification", "receivedAt" DESC, "graphId" DESC);
