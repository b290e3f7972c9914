-- CreateTable
CREATE TABLE "EncryptionCertificate" (
    "id" TEXT NOT NULL,
    "certificate" TEXT NOT NULL,
    "thumbprint" TEXT NOT NULL,
    "privateKey" TEXT NOT NULL,
    "notBefore" TIMESTAMP(3) NOT NULL,
    "notAfter" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "EncryptionCertificate_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "EncryptionCertificate_notAfter_idx" ON "EncryptionCertificate"("notAfter");
