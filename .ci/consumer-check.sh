#!/usr/bin/env bash
# The consumer check: pack the built packages; check that each tarball holds what its files point
# to (README links, `$schema`, source maps); install the tarballs into a throwaway pnpm project
# outside the repository; type-check a program and the packages' example tests against their
# .d.ts; run the program against the mock panel started from its CLI and the example tests with
# vitest; and show that a project on Effect 4 is told about the conflict.
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
# tsc -b never deletes what a removed source once emitted; such a file would be packed.
(cd "$root" && node -e '
  const fs = require("node:fs"), path = require("node:path")
  for (const pkg of process.argv.slice(1)) {
    const walk = (dir) => fs.existsSync(dir) ? fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
      e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]) : []
    for (const file of walk(path.join(pkg, "dist"))) {
      const source = path.join(pkg, "src", path.relative(path.join(pkg, "dist"), file)).replace(/(\.d)?\.(js|ts)(\.map)?$/, ".ts")
      if (!fs.existsSync(source)) fs.rmSync(file)
    }
  }' packages/* mock-panel)
mkdir -p "$work/tarballs" "$work/consumer"
for dir in packages/core packages/client-api packages/app-api packages/node mock-panel; do
  (cd "$root/$dir" && pnpm pack --pack-destination "$work/tarballs" >/dev/null)
done
tarball() { ls "$work/tarballs"/ptero-effect-"$1"-*.tgz; }

for name in core client-api app-api node mock-panel; do
  mkdir -p "$work/unpacked/$name"
  tar -xzf "$(tarball "$name")" -C "$work/unpacked/$name"
  node "$root/.ci/check-docs.mjs" --package "$work/unpacked/$name/package"
done
echo "consumer: every tarball holds what its READMEs, schemas and source maps point to"

cp "$root/.ci/consumer/main.ts" "$root/.ci/consumer/tsconfig.json" "$work/consumer/"
# The tests the client READMEs show, as a user would copy them.
cp "$work/unpacked/client-api/package/examples/mock-panel.test.ts" "$work/consumer/client-api.test.ts"
cp "$work/unpacked/app-api/package/examples/mock-panel.test.ts" "$work/consumer/app-api.test.ts"
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
    "@effect/platform-node": "0.108.2",
    "@effect/vitest": "0.30.0",
    "@types/node": "^20.19.0",
    "typescript": "5.9.3",
    "vitest": "3.2.7"
  },
  "pnpm": {
    "overrides": { "@ptero-effect/core": "file:$(tarball core)" }
  }
}
JSON
cd "$work/consumer"
pnpm install --config.auto-install-peers=true >/dev/null
./node_modules/.bin/tsc -p tsconfig.json
echo "consumer: type-check against the packed .d.ts passed (program and README tests)"
./node_modules/.bin/vitest run --root . --dir . client-api.test.ts app-api.test.ts
echo "consumer: the README tests pass against the packed packages"

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

# A project that already has Effect 4: the install names the conflict.
mkdir -p "$work/effect4"
cd "$work/effect4"
cat > package.json <<JSON
{
  "name": "ptero-effect-on-effect-4",
  "private": true,
  "type": "module",
  "dependencies": {
    "@ptero-effect/core": "file:$(tarball core)",
    "@ptero-effect/mock-panel": "file:$(tarball mock-panel)",
    "@effect/platform": "0.97.2",
    "effect": "4.1.0"
  },
  "pnpm": {
    "overrides": { "@ptero-effect/core": "file:$(tarball core)" }
  }
}
JSON
pnpm install --config.strict-peer-dependencies=false > install.log 2>&1 || true
if ! grep -q 'effect@">=3.22.4 <4"' install.log; then
  cat install.log
  echo "consumer: installing beside effect 4 did not name the peer conflict" >&2
  exit 1
fi
echo "consumer: a project on effect 4 is told: $(grep -m1 -o 'unmet peer effect@"[^"]*": found [0-9.]*' install.log)"
# and the mock panel's CLI says what it needs instead of failing on a missing module.
if ./node_modules/.bin/mock-panel --help > cli.log 2>&1 || ! grep -q "needs effect 3" cli.log; then
  cat cli.log
  echo "consumer: the mock panel's CLI did not refuse effect 4 clearly" >&2
  exit 1
fi
echo "consumer: and the mock panel's CLI says: $(cat cli.log)"
