-- AlterTable
ALTER TABLE "MailMessage" ADD COLUMN     "graphModifiedAt" TIMESTAMP(3);
