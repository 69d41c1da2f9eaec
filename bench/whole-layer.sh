#!/usr/bin/env bash
# The whole layer as GeoJSON, alone: a generated layer of N incidents served with -Xmx256m and
# downloaded R times in a row (after one download that warms the JIT), each with its time, rate and
# the processor time the server's JVM and, on PostgreSQL, the database's processes spent on it.
#   bench/whole-layer.sh [features=200000] [runs=5]
# BENCH_ENGINE, BENCH_DATA and BENCH_PG_DIR as for the other scripts (bench/lib.sh); BENCH_JAR=FILE
# serves with that jar instead of building this tree's. A layer kept in
# BENCH_DATA or BENCH_PG_DIR with the same number of features is used whatever commit generated it
# (set BENCH_REGENERATE=1 to write it anew, as a change to how layers are stored needs), so that
# two commits can be compared on the same rows.
set -euo pipefail
cd "$(dirname "$0")/.."
features=${1:-200000}
runs=${2:-5}
port=${BENCH_PORT:-7393}
source bench/lib.sh

use_kept_or_generate
serve_kept_layer

hz=$(getconf CLK_TCK)

warm_file_cache
curl -sf "$base/download/incidents.geojson" -o /dev/null
out=$work/out.geojson
if [[ -d /dev/shm ]]; then out=$(mktemp /dev/shm/atlas-bench.XXXXXX); scratch_files+=("$out"); fi
for run in $(seq 1 "$runs"); do
  load=$(cut -d' ' -f1 /proc/loadavg)
  jvm0=$(ticks "$server"); user0=$(user_ticks "$server"); pg0=$(pg_ticks)
  start=$(date +%s.%N)
  curl -sf "$base/download/incidents.geojson" -o "$out"
  end=$(date +%s.%N)
  jvm1=$(ticks "$server"); user1=$(user_ticks "$server"); pg1=$(pg_ticks)
  got=$(count geojson "$out")
  secs=$(echo "$end - $start" | bc -l)
  printf 'run %d: %d features, %d bytes in %.2f s: %.0f features/s; cpu server %.2f s (user %.2f s), database %.2f s; load %s\n' \
    "$run" "$got" "$(stat -c %s "$out")" "$secs" "$(echo "$got / $secs" | bc -l)" \
    "$(echo "($jvm1 - $jvm0) / $hz" | bc -l)" "$(echo "($user1 - $user0) / $hz" | bc -l)" \
    "$(echo "($pg1 - $pg0) / $hz" | bc -l)" "$load"
  [[ $got -eq $features ]]
  # The features, without the header that names the moment of the export: the same on every run.
  [[ $run -gt 1 ]] || tail -c +"$(grep -bo -m1 '"features":\[' "$out" | head -1 | cut -d: -f1)" "$out" | md5sum \
    | awk '{print "md5 of the features: " $1}'
done
