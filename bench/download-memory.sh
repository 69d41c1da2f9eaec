#!/usr/bin/env bash
# Whole-layer GeoJSON download from a generated layer, with the server held to a small heap:
# shows that downloads stream (heap does not grow with the layer) and how fast.
#   bench/download-memory.sh [features=1000000] [heap=64m]
set -euo pipefail
cd "$(dirname "$0")/.."
features=${1:-1000000}
heap=${2:-64m}
port=${BENCH_PORT:-7391}
work=$(mktemp -d)
trap 'kill $server 2>/dev/null || true; rm -rf "$work"' EXIT

mvn -q -B package -DskipTests
mvn -q -B test-compile dependency:build-classpath -Dmdep.outputFile="$work/cp.txt" -Dmdep.includeScope=test
cp="target/classes:target/test-classes:$(cat "$work/cp.txt")"

echo "generating a layer of $features incidents ..."
java -cp "$cp" org.incidentatlas.bench.SyntheticLayer "$work/data" "$features"

java -Xmx"$heap" -XX:+UseSerialGC -jar target/incident-atlas.jar serve --data-dir "$work/data" --port "$port" \
  --bind 127.0.0.1 > "$work/server.log" 2>&1 &
server=$!
for _ in $(seq 1 60); do curl -sf "http://127.0.0.1:$port/api" >/dev/null && break; sleep 0.5; done

start=$(date +%s.%N)
bytes=$(curl -sf "http://127.0.0.1:$port/download/incidents.geojson" -o "$work/out.geojson" -w '%{size_download}')
end=$(date +%s.%N)
got=$(grep -o '"type":"Feature",' "$work/out.geojson" | wc -l)
peak=$(grep VmHWM /proc/$server/status | awk '{print $2}')
secs=$(echo "$end - $start" | bc -l)
printf 'features %d (expected %d), %.1f MB in %.2f s: %.0f features/s; server -Xmx%s, peak RSS %d MB\n' \
  "$got" "$features" "$(echo "$bytes / 1000000" | bc -l)" "$secs" "$(echo "$got / $secs" | bc -l)" "$heap" $((peak / 1024))
[[ $got -eq $features ]]
