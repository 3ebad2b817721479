-- Keys every node of an installation shares: the API's token signing keys (the newest signs,
-- older ones are accepted until their tokens have expired) and ASP.NET Core Data Protection's
-- key ring (portal cookies, antiforgery tokens). Whoever reads these tables can forge tokens
-- and cookies.

CREATE TABLE "SigningKeys" (
    "Generation" INTEGER NOT NULL CONSTRAINT "PK_SigningKeys" PRIMARY KEY,
    "KeyId" TEXT NOT NULL,
    "Material" BLOB NOT NULL,
    "CreatedAt" INTEGER NOT NULL
);

CREATE UNIQUE INDEX "IX_SigningKeys_KeyId" ON "SigningKeys" ("KeyId");

CREATE TABLE "DataProtectionKeys" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_DataProtectionKeys" PRIMARY KEY AUTOINCREMENT,
    "FriendlyName" TEXT NULL,
    "Xml" TEXT NULL
);
