#!/usr/bin/env bash
# An ACLED import of N generated rows with the importer held to a small heap, then a server
# taking the published rows into its layers, and single writes beside them.
#   bench/import.sh [rows=20000] [heap=256m]
set -euo pipefail
cd "$(dirname "$0")/.."
rows=${1:-20000}
heap=${2:-256m}
port=${BENCH_PORT:-7391}
features=0
source bench/lib.sh
require_free_port
mvn -q -B package -DskipTests
test_classpath
java -cp "$cp" org.incidentatlas.bench.SyntheticAcled \
  "$work/acled.csv" "$rows"
atlas() { java -Xmx"$heap" -XX:+UseSerialGC -jar target/incident-atlas.jar "$@" --data-dir "$data"; }
seconds() { echo "$(date +%s.%N) - $1" | bc -l; }

start=$(date +%s.%N)
atlas import "$work/acled.csv" --publish | tail -1
printf 'import: %d rows in %.1f s with -Xmx%s\n' "$rows" "$(seconds "$start")" "$heap"
start=$(date +%s.%N)
atlas import "$work/acled.csv" --publish | tail -1
printf 're-import of the same file: %.1f s\n' "$(seconds "$start")"

token=$(atlas user add bench --role reviewer | tail -1)
start=$(date +%s.%N)
start_server -Xmx"$heap" -XX:+UseSerialGC
served=0
while (( served < rows )); do
  if ! kill -0 "$server" 2>/dev/null; then
    echo "the server stopped with -Xmx$heap:"; grep -v '^\[' "$work/server.log" | head -3; exit 1
  fi
  served=$(curl -sf "http://127.0.0.1:$port/api/collections/incidents/items?limit=1" \
    | grep -o '"numberMatched":[0-9]*' | cut -d: -f2 || echo 0)
  sleep 0.2
done
printf 'first start (build, then the records taken in): %d incidents served after %.1f s\n' "$served" "$(seconds "$start")"

record='{"type":"Feature","geometry":{"type":"Point","coordinates":[45.62,40.95]},"properties":{"date":"2020-07-12",
  "event_type":"armed_clash","country":"AZ","sources":[{"id":"S1","publisher":"Bench","language":"en"}]}}'
for n in 1 2 3 4 5; do
  curl -sf -o "$work/created.json" -D "$work/created.head" -w "POST $n: %{time_total} s" \
    -X POST "http://127.0.0.1:$port/api/collections/incidents/items" \
    -H "Authorization: Bearer $token" -H 'Content-Type: application/geo+json' -d "$record"
  echo ", $(grep -o '"possible_duplicates_total":[0-9]*' "$work/created.json" | cut -d: -f2) possible duplicates"
done
id=$(grep -o '"id":"[^"]*"' "$work/created.json" | head -1 | cut -d'"' -f4)
move() {
  etag=$(grep -i '^etag:' "$work/created.head" | cut -d' ' -f2 | tr -d '\r')
  curl -sf -o /dev/null -D "$work/created.head" -w "$1: %{time_total} s\n" \
    -X POST "http://127.0.0.1:$port/api/collections/incidents/items/$id/status" \
    -H "Authorization: Bearer $token" -H "If-Match: $etag" -H 'Content-Type: application/json' -d "{\"status\":\"$1\"}"
}
move in_review
move published
printf 'server peak RSS %d MB (-Xmx%s)\n' $(( $(grep VmHWM /proc/$server/status | awk '{print $2}') / 1024 )) "$heap"
