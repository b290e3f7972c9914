-- AlterTable
ALTER TABLE "GraphSubscription" ADD COLUMN     "encryptionCertificateId" TEXT;
