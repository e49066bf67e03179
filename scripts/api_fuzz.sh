#!/usr/bin/env bash
# Property-based API check: schemathesis drives every operation of the OpenAPI document against
# a live server on the demo data, without a token and with an industrial's read/write token.
# Fails on any server error or any response that breaks its documented schema.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
PORT="${FUZZ_PORT:-5123}"
EXAMPLES="${FUZZ_MAX_EXAMPLES:-15}"
WORK="$(mktemp -d)"
export REGISTRY_DATABASE_URL="sqlite:///$WORK/fuzz.sqlite3"
export REGISTRY_ENV=development
$BIN/flask --app wsgi db upgrade >/dev/null
$BIN/flask --app wsgi demo load >/dev/null
TOKEN="$($BIN/flask --app wsgi tokens create --email industriel@demo.registre-ia-sante.fr --scopes read,write)"
$BIN/flask --app wsgi run --host 127.0.0.1 --port "$PORT" >"$WORK/server.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true; rm -rf "$WORK"' EXIT
for _ in $(seq 50); do curl -fsS "http://127.0.0.1:$PORT/api/v1/openapi.json" >/dev/null 2>&1 && break; sleep 0.2; done
SPEC="http://127.0.0.1:$PORT/api/v1/openapi.json"
CHECKS="not_a_server_error,response_schema_conformance"
echo "--- schemathesis without a token"
$BIN/schemathesis run "$SPEC" --checks "$CHECKS" -n "$EXAMPLES" --phases examples,fuzzing --no-color
echo "--- schemathesis with a read/write token"
$BIN/schemathesis run "$SPEC" --checks "$CHECKS" -n "$EXAMPLES" --phases examples,fuzzing --no-color \
  -H "Authorization: Bearer $TOKEN"
