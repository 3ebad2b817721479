-- Response targets: each request's due time for a first answer, the first answer's time, and the answers.
-- Requests opened before this version get the due time the default targets give (critical 1 h,
-- moderate 4 h, minimal 8 h after creation).
ALTER TABLE "ServiceRequests" ADD COLUMN "ResponseDueAt" timestamp with time zone;
ALTER TABLE "ServiceRequests" ADD COLUMN "FirstResponseAt" timestamp with time zone;

UPDATE "ServiceRequests" SET "ResponseDueAt" = "CreatedDate" + CASE "Severity"
    WHEN 'Critical' THEN interval '1 hour'
    WHEN 'Moderate' THEN interval '4 hours'
    ELSE interval '8 hours'
END;

CREATE TABLE "ServiceRequestResponses" (
    "Id" uuid NOT NULL,
    "ServiceRequestId" uuid NOT NULL,
    "At" timestamp with time zone NOT NULL,
    "AuthorUserId" uuid,
    "Author" character varying(256) NOT NULL,
    "Message" character varying(10000) NOT NULL,
    CONSTRAINT "PK_ServiceRequestResponses" PRIMARY KEY ("Id"),
    CONSTRAINT "FK_ServiceRequestResponses_ServiceRequests_ServiceRequestId" FOREIGN KEY ("ServiceRequestId") REFERENCES "ServiceRequests" ("Id") ON DELETE RESTRICT
);

CREATE INDEX "IX_ServiceRequestResponses_ServiceRequestId" ON "ServiceRequestResponses" ("ServiceRequestId");
CREATE INDEX "IX_ServiceRequests_ResponseDueAt" ON "ServiceRequests" ("ResponseDueAt");
