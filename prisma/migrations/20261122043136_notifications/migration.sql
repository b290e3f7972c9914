-- CreateTable
CREATE TABLE "GraphSubscription" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "graphId" TEXT NOT NULL,
    "resource" TEXT NOT NULL,
    "changeType" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "clientStateHash" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'active',
    "lastNotificationAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "GraphSubscription_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "NotificationQueue" (
    "id" TEXT NOT NULL,
    "idempotencyKey" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "subscriptionId" TEXT NOT NULL,
    "changeType" TEXT,
    "messageId" TEXT,
    "lifecycleEvent" TEXT,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "claimedAt" TIMESTAMP(3),
    "lastError" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "processedAt" TIMESTAMP(3),

    CONSTRAINT "NotificationQueue_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "GraphSubscription_graphId_key" ON "GraphSubscription"("graphId");

-- CreateIndex
CREATE INDEX "GraphSubscription_userId_idx" ON "GraphSubscription"("userId");

-- CreateIndex
CREATE INDEX "GraphSubscription_expiresAt_idx" ON "GraphSubscription"("expiresAt");

-- CreateIndex
CREATE UNIQUE INDEX "NotificationQueue_idempotencyKey_key" ON "NotificationQueue"("idempotencyKey");

-- CreateIndex
CREATE INDEX "NotificationQueue_status_nextAttemptAt_idx" ON "NotificationQueue"("status", "nextAttemptAt");

-- CreateIndex
CREATE INDEX "NotificationQueue_userId_status_idx" ON "NotificationQueue"("userId", "status");

-- AddForeignKey
ALTER TABLE "GraphSubscription" ADD CONSTRAINT "GraphSubscription_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;
