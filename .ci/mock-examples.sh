#!/usr/bin/env bash
# The mock panel from other languages: runs the curl and Python examples of mock-panel/README.md
# against the mock started through pnpm, as the README's Development table starts it, and checks
# that the README shows them as they are and that no panel is left running once they stop it.
set -euo pipefail
cd "$(dirname "$0")/.."

for example in mock-panel/examples/curl.sh mock-panel/examples/panel.py; do
  if ! python3 - "$example" mock-panel/README.md <<'PY'
import sys
example, readme = (open(path).read() for path in sys.argv[1:])
sys.exit(0 if example in readme else 1)
PY
  then
    echo "ci: mock-panel/README.md does not show $example as it is" >&2
    exit 1
  fi
done

export MOCK_PANEL="npx -y pnpm@10.34.8 mock-panel serve"
for run in "bash mock-panel/examples/curl.sh" "python3 mock-panel/examples/panel.py"; do
  echo "::: $run"
  output=$($run)
  printf '%s\n' "$output"
  url=$(printf '%s\n' "$output" | sed -n 's/^mock panel at \(http[^ ]*\).*/\1/p')
  [ -n "$url" ] || { echo "ci: $run did not say where the panel listened" >&2; exit 1; }
  # Stopped by its starter (a SIGTERM to npx): the panel must be gone shortly after.
  for _ in $(seq 1 100); do
    curl -s -o /dev/null "$url/__mock/keys" || break
    sleep 0.1
  done
  if curl -s -o /dev/null "$url/__mock/keys"; then
    echo "ci: the panel at $url is still running after $run stopped it" >&2
    exit 1
  fi
done
echo "mock examples: curl and Python ran, and left nothing running"
