#!/usr/bin/env bash
# The build of a generated layer of N incidents (SyntheticLayer: the real build of geodata/ with
# its incidents replaced by N generated ones, written by the build's own LayerWriter) on the engine
# of BENCH_ENGINE: its time, the disk it takes while it runs against what the finished build
# keeps, and then a build killed with SIGKILL halfway through and simply run again, which must
# succeed and leave the same layer.
#   bench/build.sh [features=1000000] [heap=1g] [kill=yes|no]
# On H2 the disk is every file in the data directory while the build runs (the served file, the
# new one and anything else) against the final atlas.mv.db; on PostgreSQL it is
# pg_database_size('atlas') (the served and the new schema, staging tables and indexes) and,
# apart, the WAL directory, against the database after the build.
set -euo pipefail
cd "$(dirname "$0")/.."
features=${1:-1000000}
heap=${2:-1g}
kill_test=${3:-yes}
port=${BENCH_PORT:-7395}
source bench/lib.sh
mvn -q -B package -DskipTests
test_classpath
if [[ $engine == postgresql ]]; then
  pg_start
  target=$database_url
  wal_dir=$pg_dir/pg_wal
else
  rm -rf "$data"
  mkdir -p "$data"
  target=$data
fi
echo "commit: $(git rev-parse --short HEAD); java: $(java -version 2>&1 | head -1); heap -Xmx$heap"
echo "nproc: $(nproc), load average $(cut -d' ' -f1-3 /proc/loadavg) (other work on the machine shows here)"
echo "disk: $(stat -f -c %T "${pg_dir:-$data}") ($(df --output=source "${pg_dir:-$data}" | tail -1))"

database_bytes() {
  if [[ $engine == postgresql ]]; then pg_database_bytes; else du -sb "$data" | cut -f1; fi
}
wal_bytes() {
  if [[ $engine == postgresql ]]; then du -sb "$wal_dir" | cut -f1; else echo 0; fi
}
mb() { echo $(( $1 / 1000000 )); }

# build [SECONDS]: runs the build, sampling the disk every second; with SECONDS it is killed with
# SIGKILL after that long. Sets $took, $peak, $peak_wal, $status.
build() {
  local start pid
  start=$(date +%s.%N)
  java -Xmx"$heap" -Dorg.slf4j.simpleLogger.log.org.incidentatlas.store.LayerWriter=debug \
    -Dorg.slf4j.simpleLogger.log.org.incidentatlas.database.H2Database=debug \
    -cp "$cp" org.incidentatlas.bench.SyntheticLayer "$target" "$features" > "$work/build.log" 2>&1 &
  pid=$!
  peak=0
  peak_wal=0
  while kill -0 "$pid" 2>/dev/null; do
    local now wal
    # A sample taken while the build renames its schema can fail: it counts as none.
    now=$(database_bytes 2>/dev/null | head -1 || true)
    wal=$(wal_bytes 2>/dev/null | head -1 || true)
    [[ $now =~ ^[0-9]+$ ]] || now=0
    [[ $wal =~ ^[0-9]+$ ]] || wal=0
    (( now > peak )) && peak=$now
    (( wal > peak_wal )) && peak_wal=$wal
    if [[ -n ${1:-} ]] && (( $(echo "$(date +%s.%N) - $start > $1" | bc) )); then
      kill -9 "$pid"
    fi
    sleep 1
  done
  status=0
  wait "$pid" || status=$?
  took=$(echo "$(date +%s.%N) - $start" | bc -l)
}

# The features the served layer holds, counted in the database itself.
served_count() {
  if [[ $engine == postgresql ]]; then
    pg_sql -d atlas -tA -c 'SELECT count(*) FROM atlas_layers.layer_incidents'
  else
    java -cp "$cp" org.h2.tools.Shell -url "jdbc:h2:file:$(realpath "$data")/atlas" -user "" -password "" \
      -sql 'SELECT COUNT(*) FROM layer_incidents' | sed -n 2p | tr -d ' '
  fi
}

echo; echo "== build of $features incidents ($engine) =="
before=$(database_bytes)
build
[[ $status -eq 0 ]] || { cat "$work/build.log"; exit 1; }
final=$(database_bytes)
[[ $engine == postgresql ]] || final=$(stat -c %s "$data/atlas.mv.db")
printf 'build: %.1f s (%s)\n' "$took" "$(tail -1 "$work/build.log")"
# Where the time went, as the build logs it: each layer's pass, rows and indexes, and H2's rewrite.
sed -n 's/^\[main\] DEBUG org\.incidentatlas\.[a-z.]*\.\([A-Za-z0-9]*\) - /  \1: /p' "$work/build.log"
printf 'disk: before %d MB, peak while building %d MB, after %d MB: peak %.2f times the final\n' \
  "$(mb "$before")" "$(mb "$peak")" "$(mb "$final")" "$(echo "$peak / $final" | bc -l)"
[[ $engine == postgresql ]] && printf 'WAL directory: peak %d MB while building, %d MB after\n' \
  "$(mb "$peak_wal")" "$(mb "$(wal_bytes)")"
if [[ $engine == postgresql ]]; then
  pg_sql -d atlas -tA -F' ' -c "SELECT n.nspname, round(sum(pg_total_relation_size(c.oid)) / 1e6) || ' MB'
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind IN ('r', 'm')
    AND n.nspname LIKE 'atlas%' GROUP BY 1 ORDER BY 1" | sed 's/^/schema /'
fi
count=$(served_count)
echo "served incidents: $count"
[[ $count -eq $features ]]
full=$took
stamp="$features features, commit $(git rev-parse HEAD 2>/dev/null)"
# The layer just built serves the other scripts as build_and_generate's would.
save_stamp() {
  if [[ $engine == postgresql ]]; then echo "$stamp" > "$pg_dir/atlas-generated"; else echo "$stamp" > "$data/generated"; fi
}
save_stamp
[[ $kill_test == yes ]] || exit 0

echo; echo "== a build killed with SIGKILL after half that time, then run again =="
build "$(echo "$full / 2" | bc -l)"
printf 'killed after %.1f s (exit %d); disk then %d MB' "$took" "$status" "$(mb "$(database_bytes)")"
[[ $engine == postgresql ]] && printf ', schemas: %s' \
  "$(pg_sql -d atlas -tA -c "SELECT string_agg(nspname, ' ') FROM pg_namespace WHERE nspname LIKE 'atlas%'")"
[[ $engine == postgresql ]] || printf ', files: %s' "$(ls "$data" | tr '\n' ' ')"
echo
echo "still served meanwhile: $(served_count) incidents"
build
[[ $status -eq 0 ]] || { echo "the build run again failed:"; cat "$work/build.log"; exit 1; }
printf 'run again: %.1f s, succeeded; peak disk %d MB\n' "$took" "$(mb "$peak")"
count=$(served_count)
echo "served incidents: $count"
[[ $count -eq $features ]]
save_stamp
