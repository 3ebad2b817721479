-- Contract alerts (low balance, ending soon), once per contract and kind, and the webhook outbox
-- that announces each one, written in the same transaction.

CREATE TABLE "Alerts" (
    "Id" uuid NOT NULL,
    "SupportContractId" uuid NOT NULL,
    "OrganizationId" uuid NOT NULL,
    "Kind" character varying(16) NOT NULL,
    "RaisedAt" timestamp with time zone NOT NULL,
    "TotalIncidents" integer,
    "RemainingIncidents" integer,
    "EndDate" date NOT NULL,
    CONSTRAINT "PK_Alerts" PRIMARY KEY ("Id"),
    CONSTRAINT "FK_Alerts_Organizations_OrganizationId" FOREIGN KEY ("OrganizationId") REFERENCES "Organizations" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_Alerts_SupportContracts_SupportContractId" FOREIGN KEY ("SupportContractId") REFERENCES "SupportContracts" ("Id") ON DELETE RESTRICT
);

CREATE TABLE "WebhookOutbox" (
    "Id" uuid NOT NULL,
    "AlertId" uuid NOT NULL,
    "EventType" character varying(64) NOT NULL,
    "Payload" text NOT NULL,
    "CreatedAt" timestamp with time zone NOT NULL,
    "Status" character varying(16) NOT NULL,
    "Attempts" integer NOT NULL,
    "NextAttemptAt" timestamp with time zone NOT NULL,
    "LockedUntil" timestamp with time zone,
    "LockToken" uuid,
    "DeliveredAt" timestamp with time zone,
    "LastError" character varying(1000),
    CONSTRAINT "PK_WebhookOutbox" PRIMARY KEY ("Id"),
    CONSTRAINT "FK_WebhookOutbox_Alerts_AlertId" FOREIGN KEY ("AlertId") REFERENCES "Alerts" ("Id") ON DELETE RESTRICT
);

CREATE INDEX "IX_Alerts_OrganizationId_RaisedAt" ON "Alerts" ("OrganizationId", "RaisedAt");
CREATE UNIQUE INDEX "IX_Alerts_SupportContractId_Kind" ON "Alerts" ("SupportContractId", "Kind");
CREATE UNIQUE INDEX "IX_WebhookOutbox_AlertId" ON "WebhookOutbox" ("AlertId");
CREATE INDEX "IX_WebhookOutbox_Status_NextAttemptAt" ON "WebhookOutbox" ("Status", "NextAttemptAt");
