#!/usr/bin/env bash
# A server under a small heap over many published records: N generated records stored as an
# import with --publish stores them (SyntheticRecords, test code), a first start that builds the
# layers through them, then searches, single writes and their publishing (WriteLatency, one
# writer, median of PUBLISHES), pages of items, and the server's peak RSS.
#   bench/records-1m.sh [records=1000000] [heap=256m] [publishes=50]
# BENCH_ENGINE=postgresql stores the records and the layers in a throwaway PostgreSQL/PostGIS
# cluster (bench/postgres.sh). BENCH_DATA=DIR (H2) or BENCH_PG_DIR=DIR (PostgreSQL) keeps the
# records there: a later run with the same N uses them again (and the layers built from them, when
# the commit is the same: otherwise the first start builds them again). The writes of a run stay
# in the records; they are a few dozen beside N.
set -euo pipefail
cd "$(dirname "$0")/.."
records=${1:-1000000}
heap=${2:-256m}
publishes=${3:-50}
port=${BENCH_PORT:-7395}
features=0
source bench/lib.sh
require_free_port
mvn -q -B package -DskipTests
test_classpath
seconds() { echo "$(date +%s.%N) - $1" | bc -l; }

mkdir -p "$data"
if [[ $engine == postgresql ]]; then
  pg_start
  stamp_file=$pg_dir/atlas-records
  target=$database_url
else
  stamp_file=$data/records-generated
  target=$data
fi
if [[ "$(cat "$stamp_file" 2>/dev/null)" != "$records records" ]]; then
  [[ $engine == postgresql ]] || rm -rf "$data"/*.mv.db
  [[ $engine == h2 ]] || { pg_sql -d postgres -c 'DROP DATABASE atlas' && pg_start; }
  rm -f "$stamp_file"
  start=$(date +%s.%N)
  java -Xmx"$heap" -cp "$cp" org.incidentatlas.bench.SyntheticRecords "$target" "$records" | tail -1
  echo "$records records" > "$stamp_file"
else
  echo "using the $records records in ${pg_dir:-$data}"
fi
# shellcheck disable=SC2046
token=$(java -jar target/incident-atlas.jar user add "bench$(date +%s)" --role reviewer $(database_options) | tail -1)

echo "commit: $(git rev-parse --short HEAD), heap -Xmx$heap, nproc $(nproc), load average $(cut -d' ' -f1-3 /proc/loadavg)"
start=$(date +%s.%N)
# Not start_server: a first start builds the layers before it answers, longer than that waits.
# shellcheck disable=SC2046
java -Xmx"$heap" -XX:+UseSerialGC -jar target/incident-atlas.jar serve $(database_options) --port "$port" \
  --bind 127.0.0.1 > "$work/server.log" 2>&1 &
server=$!
servers+=("$server")
served=0
while (( served < records * 9 / 10 )); do
  kill -0 "$server" 2>/dev/null || { echo "the server stopped with -Xmx$heap:"; grep -v '^\[' "$work/server.log" | tail -5; exit 1; }
  served=$(curl -sf "http://127.0.0.1:$port/api/collections/incidents/items?limit=1" \
    | grep -o '"numberMatched":[0-9]*' | cut -d: -f2 || echo 0)
  sleep 1
done
printf 'first start until served: %d incidents after %.1f s (load average %s)\n' "$served" "$(seconds "$start")" \
  "$(cut -d' ' -f1-3 /proc/loadavg)"
describe_engine

for q in Ag agdam Aghdam Кохб kokhb SYN-000001 syn-00000 'dondar kuscu' berd; do
  curl -sf -G -o "$work/search.json" -w "search $q: %{time_total} s" --data-urlencode "q=$q" --data-urlencode limit=8 \
    "http://127.0.0.1:$port/api/search"
  echo ", $(grep -o '"incidentsMatched":[0-9]*' "$work/search.json" | cut -d: -f2) incidents matched"
done
for path in "items?limit=100" "items?limit=100&offset=500000" "items?bbox=45.4,40.9,45.5,41.0&limit=100" \
  "items?event_type=shelling&limit=100"; do
  curl -sf -o /dev/null -w "GET incidents/$path: %{time_total} s\n" "http://127.0.0.1:$port/api/collections/incidents/$path"
done

javac -d "$work/classes" src/test/java/org/incidentatlas/bench/WriteLatency.java
java -cp "$work/classes" org.incidentatlas.bench.WriteLatency "http://127.0.0.1:$port" "$token" "$publishes" \
  "$publishes" 1
kill -0 "$server" 2>/dev/null || { echo "the server stopped:"; tail -20 "$work/server.log"; exit 1; }
if grep -q OutOfMemoryError "$work/server.log"; then echo "the server ran out of memory"; exit 1; fi
printf 'server peak RSS %d MB (-Xmx%s), load average %s\n' $(( $(grep VmHWM /proc/$server/status | awk '{print $2}') / 1024 )) \
  "$heap" "$(cut -d' ' -f1-3 /proc/loadavg)"
