#!/usr/bin/env bash
# Generates the C# client of the API from the committed OpenAPI document (docs/openapi.v1.json)
# with Kiota, the version pinned in .config/dotnet-tools.json.
#
#   scripts/generate-api-client.sh           rewrites tests/PartnerSupport.Tests/Contract/Client (commit it)
#   scripts/generate-api-client.sh DIR       writes it to DIR instead (the test that compares does)
#
# Refresh docs/openapi.v1.json first when the contract changed (see docs/api.md, "Keeping it true").
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
output="${1:-tests/PartnerSupport.Tests/Contract/Client}"
dotnet tool restore >/dev/null
# Offline: no update check against the internet. No tutorial hints in the output.
KIOTA_OFFLINE_ENABLED=true KIOTA_TUTORIAL_ENABLED=false dotnet kiota generate \
    --language CSharp \
    --openapi docs/openapi.v1.json \
    --output "$output" \
    --class-name PartnerSupportClient \
    --namespace-name PartnerSupport.Tests.Contract.Client \
    --exclude-backward-compatible \
    --clean-output \
    --log-level Error
rm -f "$output/.kiota.log"
