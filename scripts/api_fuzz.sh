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
#   FUZZ_PASSES          the passes to run (default: "anonymous industrial evaluator")
#   FUZZ_REPORT_DIR      keep schemathesis' reports (HAR, one file a pass) in this directory
#   FUZZ_SEED            the generation's seed (default 1; another seed checks that no result
#                        depends on luck)
# The document's path parameter examples are ids of the demo data (registry/api/*.py: SYSTEM_ID,
# ASSESSMENT_ID, ITEM_ID): a published item and a draft of the token's owner, so that examples and
# fuzzing reach the logic; the stateful phase follows the links (ids, and ETag into If-Match).
# schemathesis.toml (read from the repository's root) pins the study that the replacement of a
# study targets in every phase: with random ids most of its cases met a 404 or another owner's
# study and schemathesis warned that they did not reach the logic.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
PORT="${FUZZ_PORT:-5123}"
EXAMPLES="${FUZZ_MAX_EXAMPLES:-100}"
WORK="$(mktemp -d)"
export REGISTRY_DATABASE_URL="${FUZZ_DATABASE_URL:-sqlite:///$WORK/fuzz.sqlite3}"
export REGISTRY_ENV=development
started=$(date +%s)
# The fixture (schema, demo data, tokens) is built once and restored before every phase of every
# pass, so that each phase meets the documented examples in the state they describe (a draft that
# the previous phase submitted would answer 409 to all that follows). PostgreSQL: a template
# database (<name>_fixture) copied back; SQLite: a copy of the file.
database() {
  $BIN/python - "$1" <<'PY'
import os, shutil, sys
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
url = make_url(os.environ["REGISTRY_DATABASE_URL"])
if url.get_backend_name() == "sqlite":
    live, fixture = url.database, url.database + ".fixture"
    if sys.argv[1] == "save":
        shutil.copyfile(live, fixture)
    elif sys.argv[1] == "restore":
        shutil.copyfile(fixture, live)
    sys.exit()
name, fixture = url.database, url.database + "_fixture"
admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
with admin.connect() as connection:
    def recreate(target, template=None):
        connection.execute(text(f'DROP DATABASE IF EXISTS "{target}" WITH (FORCE)'))
        connection.execute(text(f'CREATE DATABASE "{target}"' + (f' TEMPLATE "{template}"' if template else "")))
    if sys.argv[1] == "create":
        recreate(name)
    elif sys.argv[1] == "save":
        recreate(fixture, name)
    elif sys.argv[1] == "restore":
        recreate(name, fixture)
    elif sys.argv[1] == "drop":
        connection.execute(text(f'DROP DATABASE IF EXISTS "{fixture}" WITH (FORCE)'))
admin.dispose()
PY
}
database create
$BIN/flask --app wsgi db upgrade >/dev/null 2>&1
$BIN/flask --app wsgi demo load >/dev/null
token() {
  $BIN/flask --app wsgi tokens create --email "$1@demo.registre-ia-sante.fr" --scopes read,write
}
INDUSTRIAL="$(token industriel)"
EVALUATOR="$(token evaluateur2)"  # the lead evaluator of the demo's draft assessments
database save
SERVER=""
stop_server() { if [[ -n "$SERVER" ]]; then kill "$SERVER" 2>/dev/null || true; wait "$SERVER" 2>/dev/null || true; SERVER=""; fi; }
trap 'stop_server; database drop || true; rm -rf "$WORK"' EXIT
fresh_server() {
  stop_server
  database restore
  if curl -fsS "$SPEC" >/dev/null 2>&1; then echo "Port $PORT is taken by another server"; return 1; fi
  $BIN/flask --app wsgi run --host 127.0.0.1 --port "$PORT" >>"$WORK/server.log" 2>&1 &
  SERVER=$!
  for _ in $(seq 100); do
    kill -0 "$SERVER" 2>/dev/null || break
    curl -fsS "$SPEC" >/dev/null 2>&1 && return 0
    sleep 0.2
  done
  echo "The server did not start:"; tail -20 "$WORK/server.log"; return 1
}
SPEC="http://127.0.0.1:$PORT/api/v1/openapi.json"
CHECKS="not_a_server_error,response_schema_conformance,status_code_conformance,content_type_conformance"
PASSES=" ${FUZZ_PASSES:-anonymous industrial evaluator} "
run() {
  [[ "$PASSES" == *" $1 "* ]] || return 0
  local name="$1" title="$2" phase failed=0
  shift 2
  for phase in examples coverage fuzzing stateful; do
    echo "--- schemathesis $title: $phase phase"
    fresh_server || { failed=1; continue; }
    local report=()
    [[ -n "${FUZZ_REPORT_DIR:-}" ]] &&
      report=(--report har --report-har-path "$FUZZ_REPORT_DIR/$name-$phase.har")
    $BIN/schemathesis run "$SPEC" --checks "$CHECKS" -n "$EXAMPLES" --seed "${FUZZ_SEED:-1}" --no-color \
      --phases "$phase" --workers 1 "${report[@]}" "$@" || failed=1
  done
  return $failed
}
status=0
# Without a token: every read and the two stateless classifications (the writes answer 401).
run anonymous "without a token" --exclude-name-regex '^(POST|PATCH|PUT|DELETE) /api/v1/(systems|assessments|evidence)' || status=1
# Each writing role on the operations it writes (and their reads, for the stateful links).
run industrial "with an industrial's read/write token" --include-path-regex '^/api/v1/systems' \
  -H "Authorization: Bearer $INDUSTRIAL" || status=1
run evaluator "with an evaluator's read/write token" --include-path-regex '^/api/v1/(assessments|evidence)' \
  -H "Authorization: Bearer $EVALUATOR" || status=1
if grep -q "Traceback" "$WORK/server.log"; then
  echo "--- the server logged a traceback:"; grep -B2 -A20 "Traceback" "$WORK/server.log" | head -80
  status=1
fi
echo "API fuzzing took $(( $(date +%s) - started )) s (database: ${FUZZ_DATABASE_URL:-SQLite})"
exit $status
