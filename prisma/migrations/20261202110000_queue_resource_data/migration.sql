-- AlterTable
ALTER TABLE "NotificationQueue" ADD COLUMN     "resourceData" TEXT;
