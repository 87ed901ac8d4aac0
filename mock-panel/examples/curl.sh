#!/usr/bin/env bash
# Starts the mock panel, waits until it listens, calls it with curl, injects a fault, stops it.
# MOCK_PANEL is the command that starts it (in a project that installed the package:
# `npx mock-panel serve`).
set -euo pipefail
ready="$(mktemp -d)/ready.json"
${MOCK_PANEL:-npx mock-panel serve} --port 0 --ready-file "$ready" > /dev/null &
panel=$!
trap 'kill "$panel" 2> /dev/null || true' EXIT
# Until it has written the ready file; a panel that exits instead (a port in use) ends the script.
until [ -s "$ready" ]; do
  kill -0 "$panel" 2> /dev/null || { echo "the mock panel did not start" >&2; exit 1; }
  sleep 0.1
done
url=$(sed -E 's/.*"url":"([^"]+)".*/\1/' "$ready")
echo "mock panel at $url"

# alice's client key from the default fixture
key="ptlc_userclient1UserClientSecret0000000000000001"
curl -sf "$url/api/client" -H "Accept: application/json" -H "Authorization: Bearer $key" > /dev/null
echo "alice lists her servers"

# The next request to /api/client answers 429 with Retry-After: 7, as a throttled panel would.
curl -sf -X POST "$url/__mock/faults" -H "Content-Type: application/json" \
  -d '{"path": "/api/client", "kind": "rate-limit", "retry_after": 7}' > /dev/null
status=$(curl -s -o /dev/null -w '%{http_code}' "$url/api/client" \
  -H "Accept: application/json" -H "Authorization: Bearer $key")
[ "$status" = 429 ] && echo "then gets 429"

# Back to the fixture between tests: state, clock, rate limits, faults, journal.
curl -sf -X POST "$url/__mock/reset"
echo "reset"
