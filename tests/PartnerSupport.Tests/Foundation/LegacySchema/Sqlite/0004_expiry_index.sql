-- Contracts that ended and still lack their expiry entry, found without a scan (RecordExpiries).
CREATE INDEX "IX_SupportContracts_EndDate" ON "SupportContracts" ("EndDate") WHERE "ExpiryRecordedAt" IS NULL;
