#!/usr/bin/env bash
# The consumer check: pack the built packages, install the tarballs into a throwaway pnpm project
# outside the repository, type-check a program against their .d.ts, and run it against the mock
# panel started from its CLI.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
pnpm() { npx -y pnpm@10.34.8 "$@"; }

work=$(mktemp -d)
panel_pid=""
cleanup() {
  [ -n "$panel_pid" ] && kill "$panel_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

(cd "$root" && pnpm build)
mkdir -p "$work/tarballs" "$work/consumer"
for dir in packages/core packages/client-api packages/app-api packages/node mock-panel; do
  (cd "$root/$dir" && pnpm pack --pack-destination "$work/tarballs" >/dev/null)
done
tarball() { ls "$work/tarballs"/ptero-effect-"$1"-*.tgz; }

cp "$root/.ci/consumer/main.ts" "$root/.ci/consumer/tsconfig.json" "$work/consumer/"
cat > "$work/consumer/package.json" <<JSON
{
  "name": "ptero-effect-consumer",
  "private": true,
  "type": "module",
  "dependencies": {
    "@effect/platform": "0.97.2",
    "@ptero-effect/app-api": "file:$(tarball app-api)",
    "@ptero-effect/client-api": "file:$(tarball client-api)",
    "@ptero-effect/core": "file:$(tarball core)",
    "@ptero-effect/mock-panel": "file:$(tarball mock-panel)",
    "@ptero-effect/node": "file:$(tarball node)",
    "effect": "3.22.4"
  },
  "devDependencies": {
    "@types/node": "^20.19.0",
    "typescript": "5.9.3"
  },
  "pnpm": {
    "overrides": { "@ptero-effect/core": "file:$(tarball core)" }
  }
}
JSON
cd "$work/consumer"
pnpm install --config.auto-install-peers=true >/dev/null
./node_modules/.bin/tsc -p tsconfig.json
echo "consumer: type-check against the packed .d.ts passed"

./node_modules/.bin/mock-panel serve --port 0 > panel.log 2>&1 &
panel_pid=$!
for _ in $(seq 1 100); do grep -q "listening on" panel.log 2>/dev/null && break; sleep 0.1; done
url=$(sed -n 's/^mock-panel listening on \(http[^ ]*\).*/\1/p' panel.log)
key() { awk -v name="$1" '$1 == name { print $2 }' panel.log; }
if [ -z "$url" ]; then cat panel.log; echo "consumer: the mock panel did not start" >&2; exit 1; fi
echo "consumer: mock panel from its CLI at $url"
PTERODACTYL_URL="$url" PTERODACTYL_CLIENT_KEY="$(key rootClient)" PTERODACTYL_APPLICATION_KEY="$(key rootApplication)" \
  node dist/main.js
kill -TERM "$panel_pid"
wait "$panel_pid" || true
panel_pid=""
grep -q "mock-panel stopped" panel.log && echo "consumer: mock panel stopped cleanly on SIGTERM"
