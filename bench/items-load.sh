#!/usr/bin/env bash
# The API under concurrent load on loopback (wrk, Debian package `wrk`), with a generated layer:
# items of small random boxes (limit=100), pages of 10,000 at random offsets, and a whole-layer
# GeoJSON download with the server's heap followed in its GC log. The server runs with -Xmx256m throughout.
#   bench/items-load.sh [features=1000000] [seconds=20] [connections=16]
# BENCH_ENGINE=postgresql serves the layer from a throwaway PostgreSQL/PostGIS cluster (bench/lib.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
features=${1:-1000000}
seconds=${2:-20}
connections=${3:-16}
port=${BENCH_PORT:-7393}
command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install wrk)"; exit 2; }
source bench/lib.sh
build_and_generate
start_server -Xmx256m "-Xlog:gc:file=$work/gc.log"
base="http://127.0.0.1:$port"
echo "commit: $(git rev-parse --short HEAD); java: $(java -version 2>&1 | head -1)"
echo "nproc: $(nproc), load average $(cut -d' ' -f1-3 /proc/loadavg) (other work on the machine shows here)"
describe_engine
# Read the database's files once, so that they are in the operating system's cache as on a
# server that has been serving them. The first box request starts reading the layer's point index
# into memory in the background (it is answered through SQL meanwhile); then the JIT warms up.
warm_file_cache
printf 'first box request (starts reading the point index): %s s\n' \
  "$(curl -sf -o /dev/null -w '%{time_total}' "$base/api/collections/incidents/items?bbox=45.5,40.9,45.52,40.92&limit=100")"
wrk -t2 -c4 -d10s -s bench/small-bbox.lua "$base" >/dev/null

echo; echo "== items, small bbox, limit=100: $connections connections, ${seconds}s =="
wrk -t2 -c"$connections" -d"${seconds}s" --latency -s bench/small-bbox.lua "$base" | grep -E "Requests/sec|Latency|50%|90%|99%|Non-2xx|requests in"

echo; echo "== items, limit=10000 at random offsets: 4 connections, ${seconds}s =="
FEATURES=$features wrk -t2 -c4 -d"${seconds}s" --latency -s bench/large-page.lua "$base" | grep -E "Requests/sec|Latency|50%|90%|99%|Non-2xx|requests in|Transfer/sec"

echo; echo "== whole layer as GeoJSON (server -Xmx256m) =="
# The file goes to memory (/dev/shm) where there is one, and the database file is read once more
# (the load before may have pushed it out of the operating system's cache), so that the disk
# does not set the pace.
warm_file_cache
out=$work/out.geojson
if [[ -d /dev/shm ]]; then out=$(mktemp /dev/shm/atlas-bench.XXXXXX); scratch_files+=("$out"); fi
# The peak heap in use is the largest heap before a collection during the download, from the GC
# log: sampling it with jstat would start a JVM every time, on the same two cores.
collections_before=$(wc -l < "$work/gc.log")
start=$(date +%s.%N)
curl -sf "$base/download/incidents.geojson" -o "$out"
end=$(date +%s.%N)
peak=$(tail -n +"$((collections_before + 1))" "$work/gc.log" | grep -o '[0-9]*M->' | tr -d 'M>-' | sort -n | tail -1)
got=$(count geojson "$out")
secs=$(echo "$end - $start" | bc -l)
printf 'features %d of %d, %.0f MB in %.2f s: %.0f features/s; peak heap in use %s MB (of -Xmx256m)\n' \
  "$got" "$features" "$(echo "$(stat -c %s "$out") / 1000000" | bc -l)" "$secs" "$(echo "$got / $secs" | bc -l)" \
  "$peak"
[[ $got -eq $features ]]

# The peak above is mostly garbage the collector had no reason to clear yet. What the download
# keeps alive shows after a full collection (its size after, in the GC log): forced every half
# second while the layer downloads again.
curl -sf "$base/download/incidents.geojson" -o /dev/null &
download=$!
while kill -0 "$download" 2>/dev/null; do
  jcmd "$server" GC.run >/dev/null
  sleep 0.5
done
wait "$download"
{ grep 'Pause Full' "$work/gc.log" || true; } | grep -o -- '->[0-9]*M' | tr -d '>M-' > "$work/live.txt" || true
printf 'live heap while it downloads again, after %d full collections: %s to %s MB\n' \
  "$(wc -l < "$work/live.txt")" "$(sort -n "$work/live.txt" | head -1)" "$(sort -n "$work/live.txt" | tail -1)"
