-- Response targets: each request's due time for a first answer, the first answer's time, and the answers.
-- Requests opened before this version get the due time the default targets give (critical 1 h,
-- moderate 4 h, minimal 8 h after creation). Times are EF's binary DateTimeOffset: the ticks / 1000
-- shifted left by 11 bits over the offset, so one hour is 36,000,000 << 11 = 73,728,000,000.
ALTER TABLE "ServiceRequests" ADD COLUMN "ResponseDueAt" INTEGER NULL;
ALTER TABLE "ServiceRequests" ADD COLUMN "FirstResponseAt" INTEGER NULL;

UPDATE "ServiceRequests" SET "ResponseDueAt" = "CreatedDate" + 73728000000 * CASE "Severity"
    WHEN 'Critical' THEN 1
    WHEN 'Moderate' THEN 4
    ELSE 8
END;

CREATE TABLE "ServiceRequestResponses" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_ServiceRequestResponses" PRIMARY KEY,
    "ServiceRequestId" TEXT NOT NULL,
    "At" INTEGER NOT NULL,
    "AuthorUserId" TEXT NULL,
    "Author" TEXT NOT NULL,
    "Message" TEXT NOT NULL,
    CONSTRAINT "FK_ServiceRequestResponses_ServiceRequests_ServiceRequestId" FOREIGN KEY ("ServiceRequestId") REFERENCES "ServiceRequests" ("Id") ON DELETE RESTRICT
);

CREATE INDEX "IX_ServiceRequestResponses_ServiceRequestId" ON "ServiceRequestResponses" ("ServiceRequestId");
CREATE INDEX "IX_ServiceRequests_ResponseDueAt" ON "ServiceRequests" ("ResponseDueAt");
