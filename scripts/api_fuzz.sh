#!/usr/bin/env bash
# Property-based API check: schemathesis drives every operation of the OpenAPI document against
# a live server on the demo data — its examples, the coverage phase (every constraint's edges),
# random fuzzing and the stateful phase (the OpenAPI links from list and create operations to
# item operations) — without a token, then with a read/write token of each role that writes
# through the API (industrial, evaluator). Fails on any server error or any response that breaks
# its documented schema, status codes or content type.
#   FUZZ_PORT            port of the live server (default 5123)
#   FUZZ_MAX_EXAMPLES    cases per operation and phase (default 100)
#   FUZZ_DATABASE_URL    run on this database (e.g. PostgreSQL) instead of a temporary SQLite file
#                        (its tables are dropped and rebuilt)
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
PORT="${FUZZ_PORT:-5123}"
EXAMPLES="${FUZZ_MAX_EXAMPLES:-100}"
WORK="$(mktemp -d)"
export REGISTRY_DATABASE_URL="${FUZZ_DATABASE_URL:-sqlite:///$WORK/fuzz.sqlite3}"
export REGISTRY_ENV=development
started=$(date +%s)
if [[ -n "${FUZZ_DATABASE_URL:-}" ]]; then
  $BIN/python - <<'PY'
import os
from sqlalchemy import create_engine, text
engine = create_engine(os.environ["REGISTRY_DATABASE_URL"])
with engine.begin() as connection:
    connection.execute(text("DROP SCHEMA public CASCADE"))
    connection.execute(text("CREATE SCHEMA public"))
PY
fi
$BIN/flask --app wsgi db upgrade >/dev/null 2>&1
$BIN/flask --app wsgi demo load >/dev/null
token() {
  $BIN/flask --app wsgi tokens create --email "$1@demo.registre-ia-sante.fr" --scopes read,write
}
INDUSTRIAL="$(token industriel)"
EVALUATOR="$(token evaluatrice)"
$BIN/flask --app wsgi run --host 127.0.0.1 --port "$PORT" >"$WORK/server.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true; rm -rf "$WORK"' EXIT
for _ in $(seq 50); do curl -fsS "http://127.0.0.1:$PORT/api/v1/openapi.json" >/dev/null 2>&1 && break; sleep 0.2; done
SPEC="http://127.0.0.1:$PORT/api/v1/openapi.json"
CHECKS="not_a_server_error,response_schema_conformance,status_code_conformance,content_type_conformance"
run() {
  echo "--- schemathesis $1"
  shift
  $BIN/schemathesis run "$SPEC" --checks "$CHECKS" -n "$EXAMPLES" --seed 1 --no-color \
    --phases examples,coverage,fuzzing,stateful --workers 1 "$@"
}
status=0
# Without a token: every read and the two stateless classifications (the writes answer 401).
run "without a token" --exclude-name-regex '^(POST|PATCH|PUT|DELETE) /api/v1/(systems|assessments|evidence)' || status=1
# Each writing role on the operations it writes (and their reads, for the stateful links).
run "with an industrial's read/write token" --include-path-regex '^/api/v1/systems' \
  -H "Authorization: Bearer $INDUSTRIAL" || status=1
run "with an evaluator's read/write token" --include-path-regex '^/api/v1/(assessments|evidence)' \
  -H "Authorization: Bearer $EVALUATOR" || status=1
if grep -q "Traceback" "$WORK/server.log"; then
  echo "--- the server logged a traceback:"; grep -B2 -A20 "Traceback" "$WORK/server.log" | head -80
  status=1
fi
echo "API fuzzing took $(( $(date +%s) - started )) s (database: ${FUZZ_DATABASE_URL:+PostgreSQL}${FUZZ_DATABASE_URL:-SQLite})"
exit $status
