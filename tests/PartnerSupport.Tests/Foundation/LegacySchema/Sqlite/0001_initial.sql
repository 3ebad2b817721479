CREATE TABLE "AuditLog" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_AuditLog" PRIMARY KEY AUTOINCREMENT,
    "At" INTEGER NOT NULL,
    "Actor" TEXT NOT NULL,
    "ActorUserId" TEXT NULL,
    "ClientAddress" TEXT NULL,
    "Action" TEXT NOT NULL,
    "Target" TEXT NOT NULL,
    "Details" TEXT NULL
);


CREATE TABLE "Organizations" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_Organizations" PRIMARY KEY,
    "Name" TEXT NOT NULL,
    "PartnerId" TEXT NOT NULL,
    "Programs" INTEGER NOT NULL,
    "CountryCode" TEXT NOT NULL,
    "CreatedAt" INTEGER NOT NULL
);


CREATE TABLE "Products" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_Products" PRIMARY KEY,
    "Name" TEXT NOT NULL,
    "Family" TEXT NOT NULL,
    "Version" TEXT NOT NULL,
    "Kind" TEXT NOT NULL,
    "Workload" TEXT NULL,
    "CreatedAt" INTEGER NOT NULL
);


CREATE TABLE "AspNetUsers" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_AspNetUsers" PRIMARY KEY,
    "DisplayName" TEXT NOT NULL,
    "AccountType" TEXT NOT NULL,
    "OrganizationId" TEXT NULL,
    "Roles" INTEGER NOT NULL,
    "CreatedAt" INTEGER NOT NULL,
    "UserName" TEXT NULL,
    "NormalizedUserName" TEXT NULL,
    "Email" TEXT NULL,
    "NormalizedEmail" TEXT NULL,
    "EmailConfirmed" INTEGER NOT NULL,
    "PasswordHash" TEXT NULL,
    "SecurityStamp" TEXT NULL,
    "ConcurrencyStamp" TEXT NULL,
    "PhoneNumber" TEXT NULL,
    "PhoneNumberConfirmed" INTEGER NOT NULL,
    "TwoFactorEnabled" INTEGER NOT NULL,
    "LockoutEnd" INTEGER NULL,
    "LockoutEnabled" INTEGER NOT NULL,
    "AccessFailedCount" INTEGER NOT NULL,
    CONSTRAINT "FK_AspNetUsers_Organizations_OrganizationId" FOREIGN KEY ("OrganizationId") REFERENCES "Organizations" ("Id") ON DELETE RESTRICT
);


CREATE TABLE "Customers" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_Customers" PRIMARY KEY,
    "OrganizationId" TEXT NOT NULL,
    "Name" TEXT NOT NULL,
    "TenantId" TEXT NOT NULL,
    "CountryCode" TEXT NOT NULL,
    "CreatedAt" INTEGER NOT NULL,
    CONSTRAINT "FK_Customers_Organizations_OrganizationId" FOREIGN KEY ("OrganizationId") REFERENCES "Organizations" ("Id") ON DELETE RESTRICT
);


CREATE TABLE "Memberships" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_Memberships" PRIMARY KEY,
    "OrganizationId" TEXT NOT NULL,
    "Offer" TEXT NOT NULL,
    "Competency" TEXT NULL,
    "IsCloudCompetency" INTEGER NOT NULL,
    "StartDate" TEXT NOT NULL,
    "EndDate" TEXT NOT NULL,
    "CreatedAt" INTEGER NOT NULL,
    CONSTRAINT "FK_Memberships_Organizations_OrganizationId" FOREIGN KEY ("OrganizationId") REFERENCES "Organizations" ("Id") ON DELETE RESTRICT
);


CREATE TABLE "SupportContracts" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_SupportContracts" PRIMARY KEY,
    "AccessId" TEXT NOT NULL,
    "ContractId" TEXT NOT NULL,
    "Name" TEXT NOT NULL,
    "Source" TEXT NOT NULL,
    "Scope" TEXT NOT NULL,
    "TotalIncidents" INTEGER NULL,
    "RemainingIncidents" INTEGER NULL,
    "HeldIncidents" INTEGER NOT NULL,
    "ExpiryRecordedAt" INTEGER NULL,
    "StartDate" TEXT NOT NULL,
    "EndDate" TEXT NOT NULL,
    "CancelledAt" INTEGER NULL,
    "DecrementOn" TEXT NOT NULL,
    "OrganizationId" TEXT NOT NULL,
    "BenefitId" TEXT NULL,
    "CreatedAt" INTEGER NOT NULL,
    CONSTRAINT "CK_SupportContracts_HeldIncidents" CHECK ("HeldIncidents" >= 0),
    CONSTRAINT "CK_SupportContracts_RemainingIncidents" CHECK ("RemainingIncidents" >= 0),
    CONSTRAINT "FK_SupportContracts_Organizations_OrganizationId" FOREIGN KEY ("OrganizationId") REFERENCES "Organizations" ("Id") ON DELETE RESTRICT
);


CREATE TABLE "AspNetUserClaims" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_AspNetUserClaims" PRIMARY KEY AUTOINCREMENT,
    "UserId" TEXT NOT NULL,
    "ClaimType" TEXT NULL,
    "ClaimValue" TEXT NULL,
    CONSTRAINT "FK_AspNetUserClaims_AspNetUsers_UserId" FOREIGN KEY ("UserId") REFERENCES "AspNetUsers" ("Id") ON DELETE CASCADE
);


CREATE TABLE "AspNetUserLogins" (
    "LoginProvider" TEXT NOT NULL,
    "ProviderKey" TEXT NOT NULL,
    "ProviderDisplayName" TEXT NULL,
    "UserId" TEXT NOT NULL,
    CONSTRAINT "PK_AspNetUserLogins" PRIMARY KEY ("LoginProvider", "ProviderKey"),
    CONSTRAINT "FK_AspNetUserLogins_AspNetUsers_UserId" FOREIGN KEY ("UserId") REFERENCES "AspNetUsers" ("Id") ON DELETE CASCADE
);


CREATE TABLE "AspNetUserTokens" (
    "UserId" TEXT NOT NULL,
    "LoginProvider" TEXT NOT NULL,
    "Name" TEXT NOT NULL,
    "Value" TEXT NULL,
    CONSTRAINT "PK_AspNetUserTokens" PRIMARY KEY ("UserId", "LoginProvider", "Name"),
    CONSTRAINT "FK_AspNetUserTokens_AspNetUsers_UserId" FOREIGN KEY ("UserId") REFERENCES "AspNetUsers" ("Id") ON DELETE CASCADE
);


CREATE TABLE "Benefits" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_Benefits" PRIMARY KEY,
    "OrganizationId" TEXT NOT NULL,
    "MembershipId" TEXT NOT NULL,
    "Type" TEXT NOT NULL,
    "Name" TEXT NOT NULL,
    "Scope" TEXT NOT NULL,
    "Incidents" INTEGER NULL,
    "ActivationState" TEXT NOT NULL,
    "SupportContractId" TEXT NULL,
    "RejectionReason" TEXT NULL,
    "CreatedAt" INTEGER NOT NULL,
    CONSTRAINT "FK_Benefits_Memberships_MembershipId" FOREIGN KEY ("MembershipId") REFERENCES "Memberships" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_Benefits_Organizations_OrganizationId" FOREIGN KEY ("OrganizationId") REFERENCES "Organizations" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_Benefits_SupportContracts_SupportContractId" FOREIGN KEY ("SupportContractId") REFERENCES "SupportContracts" ("Id") ON DELETE RESTRICT
);


CREATE TABLE "ContractLinks" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_ContractLinks" PRIMARY KEY,
    "SupportContractId" TEXT NOT NULL,
    "UserId" TEXT NOT NULL,
    "LinkedAt" INTEGER NOT NULL,
    CONSTRAINT "FK_ContractLinks_AspNetUsers_UserId" FOREIGN KEY ("UserId") REFERENCES "AspNetUsers" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_ContractLinks_SupportContracts_SupportContractId" FOREIGN KEY ("SupportContractId") REFERENCES "SupportContracts" ("Id") ON DELETE RESTRICT
);


CREATE TABLE "Ledger" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_Ledger" PRIMARY KEY AUTOINCREMENT,
    "SupportContractId" TEXT NOT NULL,
    "At" INTEGER NOT NULL,
    "Delta" INTEGER NOT NULL,
    "BalanceAfter" INTEGER NULL,
    "Kind" TEXT NOT NULL,
    "ServiceRequestId" TEXT NULL,
    "Actor" TEXT NOT NULL,
    "Note" TEXT NULL,
    CONSTRAINT "FK_Ledger_SupportContracts_SupportContractId" FOREIGN KEY ("SupportContractId") REFERENCES "SupportContracts" ("Id") ON DELETE RESTRICT
);


CREATE TABLE "ServiceRequests" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_ServiceRequests" PRIMARY KEY,
    "Title" TEXT NOT NULL,
    "Description" TEXT NOT NULL,
    "Severity" TEXT NOT NULL,
    "Status" TEXT NOT NULL,
    "SupportTopicId" TEXT NULL,
    "ProductId" TEXT NOT NULL,
    "OrganizationId" TEXT NULL,
    "CreatedByUserId" TEXT NOT NULL,
    "ContactFirstName" TEXT NOT NULL,
    "ContactLastName" TEXT NOT NULL,
    "ContactEmail" TEXT NOT NULL,
    "AgentLocale" TEXT NOT NULL,
    "CreatedDate" INTEGER NOT NULL,
    "LastModifiedDate" INTEGER NOT NULL,
    "LastClosedDate" INTEGER NULL,
    "Resolution" TEXT NULL,
    "SupportContractId" TEXT NULL,
    "SupportPlan" TEXT NULL,
    "CustomerTenantId" TEXT NULL,
    "Workload" TEXT NULL,
    "Charge" TEXT NOT NULL,
    "RemainingIncidents" INTEGER NULL,
    "Version" INTEGER NOT NULL,
    CONSTRAINT "FK_ServiceRequests_Products_ProductId" FOREIGN KEY ("ProductId") REFERENCES "Products" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_ServiceRequests_SupportContracts_SupportContractId" FOREIGN KEY ("SupportContractId") REFERENCES "SupportContracts" ("Id") ON DELETE RESTRICT
);


CREATE TABLE "Activations" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_Activations" PRIMARY KEY,
    "BenefitId" TEXT NOT NULL,
    "OrganizationId" TEXT NOT NULL,
    "Status" TEXT NOT NULL,
    "RequestedByUserId" TEXT NOT NULL,
    "RequestedAt" INTEGER NOT NULL,
    "ProcessAfter" INTEGER NOT NULL,
    "RequiresApproval" INTEGER NOT NULL,
    "CompletedAt" INTEGER NULL,
    "CompletedBy" TEXT NULL,
    "RejectionReason" TEXT NULL,
    "SupportContractId" TEXT NULL,
    CONSTRAINT "FK_Activations_Benefits_BenefitId" FOREIGN KEY ("BenefitId") REFERENCES "Benefits" ("Id") ON DELETE RESTRICT
);


CREATE TABLE "IdempotencyRecords" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_IdempotencyRecords" PRIMARY KEY AUTOINCREMENT,
    "UserId" TEXT NOT NULL,
    "Key" TEXT NOT NULL,
    "RequestHash" TEXT NOT NULL,
    "ServiceRequestId" TEXT NOT NULL,
    "CreatedAt" INTEGER NOT NULL,
    "ExpiresAt" INTEGER NOT NULL,
    CONSTRAINT "FK_IdempotencyRecords_ServiceRequests_ServiceRequestId" FOREIGN KEY ("ServiceRequestId") REFERENCES "ServiceRequests" ("Id") ON DELETE CASCADE
);


CREATE INDEX "IX_Activations_BenefitId" ON "Activations" ("BenefitId");


CREATE INDEX "IX_Activations_Status_ProcessAfter" ON "Activations" ("Status", "ProcessAfter");


CREATE INDEX "IX_AspNetUserClaims_UserId" ON "AspNetUserClaims" ("UserId");


CREATE INDEX "IX_AspNetUserLogins_UserId" ON "AspNetUserLogins" ("UserId");


CREATE INDEX "EmailIndex" ON "AspNetUsers" ("NormalizedEmail");


CREATE INDEX "IX_AspNetUsers_OrganizationId" ON "AspNetUsers" ("OrganizationId");


CREATE UNIQUE INDEX "UserNameIndex" ON "AspNetUsers" ("NormalizedUserName");


CREATE INDEX "IX_AuditLog_Action" ON "AuditLog" ("Action");


CREATE INDEX "IX_AuditLog_Actor" ON "AuditLog" ("Actor");


CREATE UNIQUE INDEX "IX_Benefits_MembershipId_Type" ON "Benefits" ("MembershipId", "Type");


CREATE INDEX "IX_Benefits_OrganizationId" ON "Benefits" ("OrganizationId");


CREATE INDEX "IX_Benefits_SupportContractId" ON "Benefits" ("SupportContractId");


CREATE INDEX "IX_ContractLinks_SupportContractId" ON "ContractLinks" ("SupportContractId");


CREATE UNIQUE INDEX "IX_ContractLinks_UserId_SupportContractId" ON "ContractLinks" ("UserId", "SupportContractId");


CREATE UNIQUE INDEX "IX_Customers_OrganizationId_TenantId" ON "Customers" ("OrganizationId", "TenantId");


CREATE INDEX "IX_IdempotencyRecords_ExpiresAt" ON "IdempotencyRecords" ("ExpiresAt");


CREATE INDEX "IX_IdempotencyRecords_ServiceRequestId" ON "IdempotencyRecords" ("ServiceRequestId");


CREATE UNIQUE INDEX "IX_IdempotencyRecords_UserId_Key" ON "IdempotencyRecords" ("UserId", "Key");


CREATE INDEX "IX_Ledger_SupportContractId_Id" ON "Ledger" ("SupportContractId", "Id");


CREATE INDEX "IX_Memberships_OrganizationId" ON "Memberships" ("OrganizationId");


CREATE UNIQUE INDEX "IX_Organizations_PartnerId" ON "Organizations" ("PartnerId");


CREATE UNIQUE INDEX "IX_Products_Family_Version" ON "Products" ("Family", "Version");


CREATE INDEX "IX_ServiceRequests_CreatedByUserId_CreatedDate" ON "ServiceRequests" ("CreatedByUserId", "CreatedDate");


CREATE INDEX "IX_ServiceRequests_OrganizationId_CreatedDate" ON "ServiceRequests" ("OrganizationId", "CreatedDate");


CREATE INDEX "IX_ServiceRequests_ProductId" ON "ServiceRequests" ("ProductId");


CREATE INDEX "IX_ServiceRequests_SupportContractId" ON "ServiceRequests" ("SupportContractId");


CREATE UNIQUE INDEX "IX_SupportContracts_AccessId" ON "SupportContracts" ("AccessId");


CREATE UNIQUE INDEX "IX_SupportContracts_ContractId" ON "SupportContracts" ("ContractId");


CREATE INDEX "IX_SupportContracts_OrganizationId" ON "SupportContracts" ("OrganizationId");



