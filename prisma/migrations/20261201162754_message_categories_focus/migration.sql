-- AlterTable
ALTER TABLE "MailMessage" ADD COLUMN     "categories" TEXT[] DEFAULT ARRAY[]::TEXT[],
ADD COLUMN     "inferenceClassification" TEXT NOT NULL DEFAULT 'focused';
