#!/usr/bin/env bash
# Executes quickstart.ipynb against a fresh server, as CI does:
#   1. stores the demo table (100,000 rows) in a temporary data directory,
#   2. starts `sluice server` on free loopback ports with one user (password from hash-password),
#   3. waits until it answers, runs the notebook with `jupyter nbconvert --execute`, stops it.
# Needs Debian's jupyter-nbconvert, python3-ipykernel, python3-pandas and python3-matplotlib.
# Environment: NOTEBOOK_TIMEOUT (seconds for the whole notebook, default 600); KEEP_OUTPUT=DIR copies
# the executed notebook and its chart there.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
work="$(mktemp -d)"
server_pid=""

cleanup() {
  if [[ -n "$server_pid" ]] && kill -0 "$server_pid" 2>/dev/null; then
    kill -TERM "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

command -v jupyter >/dev/null || {
  echo "run-notebook: jupyter is missing (apt-get install jupyter-nbconvert python3-ipykernel python3-pandas python3-matplotlib)" >&2
  exit 2
}

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

echo "run-notebook: storing the demo table"
"$root/sluice" demo --rows 100000 --data "$work/data" >"$work/demo.log" 2>&1 || { cat "$work/demo.log" >&2; exit 1; }

password="$(python3 -c 'import secrets; print(secrets.token_urlsafe(18))')"
user_line="$(printf '%s\n' "$password" | SLUICE_NO_BUILD=1 "$root/sluice" server hash-password notebook)"
flight_port="$(free_port)"
http_port="$(free_port)"
cat >"$work/server.properties" <<CONFIG
# Written by run-notebook.sh for one run.
data = $work/data
modules = $root
bind = 127.0.0.1
port = $flight_port
http.port = $http_port
$user_line
CONFIG

SLUICE_NO_BUILD=1 "$root/sluice" server --config "$work/server.properties" >"$work/server.log" 2>&1 &
server_pid=$!

echo "run-notebook: waiting for the server on 127.0.0.1:$http_port"
for _ in $(seq 1 120); do
  if python3 -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:$http_port/v1/health', timeout=1)" 2>/dev/null; then
    break
  fi
  kill -0 "$server_pid" 2>/dev/null || { echo "run-notebook: the server exited:" >&2; cat "$work/server.log" >&2; exit 1; }
  sleep 0.5
done

mkdir -p "$work/out"
export SLUICE_HTTP_URL="http://127.0.0.1:$http_port"
export SLUICE_FLIGHT_URI="grpc://127.0.0.1:$flight_port"
export SLUICE_USER=notebook
export SLUICE_PASSWORD="$password"
export SLUICE_OUTPUT_DIR="$work/out"

echo "run-notebook: executing examples/notebooks/quickstart.ipynb"
if ! timeout "${NOTEBOOK_TIMEOUT:-600}" jupyter nbconvert --to notebook --execute \
    --ExecutePreprocessor.timeout=300 --output-dir "$work/out" --output quickstart.executed.ipynb \
    "$root/examples/notebooks/quickstart.ipynb" >"$work/nbconvert.log" 2>&1; then
  cat "$work/nbconvert.log" >&2
  echo "run-notebook: the server's log:" >&2
  cat "$work/server.log" >&2
  echo "run-notebook: FAILED" >&2
  exit 1
fi
[[ -s "$work/out/latency_by_host.png" ]] || { echo "run-notebook: the notebook drew no chart" >&2; exit 1; }

if [[ -n "${KEEP_OUTPUT:-}" ]]; then
  mkdir -p "$KEEP_OUTPUT"
  cp "$work/out/"* "$KEEP_OUTPUT/"
fi
echo "run-notebook: passed (notebook executed, chart drawn)"
