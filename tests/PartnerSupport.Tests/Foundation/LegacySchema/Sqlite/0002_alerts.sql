-- Contract alerts (low balance, ending soon), once per contract and kind, and the webhook outbox
-- that announces each one, written in the same transaction.

CREATE TABLE "Alerts" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_Alerts" PRIMARY KEY,
    "SupportContractId" TEXT NOT NULL,
    "OrganizationId" TEXT NOT NULL,
    "Kind" TEXT NOT NULL,
    "RaisedAt" INTEGER NOT NULL,
    "TotalIncidents" INTEGER NULL,
    "RemainingIncidents" INTEGER NULL,
    "EndDate" TEXT NOT NULL,
    CONSTRAINT "FK_Alerts_Organizations_OrganizationId" FOREIGN KEY ("OrganizationId") REFERENCES "Organizations" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_Alerts_SupportContracts_SupportContractId" FOREIGN KEY ("SupportContractId") REFERENCES "SupportContracts" ("Id") ON DELETE RESTRICT
);

CREATE TABLE "WebhookOutbox" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_WebhookOutbox" PRIMARY KEY,
    "AlertId" TEXT NOT NULL,
    "EventType" TEXT NOT NULL,
    "Payload" TEXT NOT NULL,
    "CreatedAt" INTEGER NOT NULL,
    "Status" TEXT NOT NULL,
    "Attempts" INTEGER NOT NULL,
    "NextAttemptAt" INTEGER NOT NULL,
    "LockedUntil" INTEGER NULL,
    "LockToken" TEXT NULL,
    "DeliveredAt" INTEGER NULL,
    "LastError" TEXT NULL,
    CONSTRAINT "FK_WebhookOutbox_Alerts_AlertId" FOREIGN KEY ("AlertId") REFERENCES "Alerts" ("Id") ON DELETE RESTRICT
);

CREATE INDEX "IX_Alerts_OrganizationId_RaisedAt" ON "Alerts" ("OrganizationId", "RaisedAt");
CREATE UNIQUE INDEX "IX_Alerts_SupportContractId_Kind" ON "Alerts" ("SupportContractId", "Kind");
CREATE UNIQUE INDEX "IX_WebhookOutbox_AlertId" ON "WebhookOutbox" ("AlertId");
CREATE INDEX "IX_WebhookOutbox_Status_NextAttemptAt" ON "WebhookOutbox" ("Status", "NextAttemptAt");
