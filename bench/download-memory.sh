#!/usr/bin/env bash
# Whole-layer downloads from a generated layer, with the server held to a small heap: shows that
# downloads stream (heap does not grow with the layer) and how fast, for each format asked for.
# The server is started afresh for each format, so that its peak RSS is that format's alone.
#   bench/download-memory.sh [features=1000000] [heap=64m] [formats=geojson ...]
#   e.g. bench/download-memory.sh 200000 64m geojson csv kml gpkg zip
set -euo pipefail
cd "$(dirname "$0")/.."
features=${1:-1000000}
heap=${2:-64m}
shift $(( $# > 2 ? 2 : $# ))
formats=("$@")
((${#formats[@]})) || formats=(geojson)
port=${BENCH_PORT:-7391}
source bench/lib.sh
build_and_generate

status=0
for format in "${formats[@]}"; do
  start_server -Xmx"$heap" -XX:+UseSerialGC

  out="$work/out.$format"
  start=$(date +%s.%N)
  bytes=$(curl -sf "http://127.0.0.1:$port/download/incidents.$format" -o "$out" -w '%{size_download}')
  end=$(date +%s.%N)
  peak=$(grep VmHWM /proc/$server/status | awk '{print $2}')
  scratch=$(find "$data/download-scratch" -mindepth 1 | wc -l)
  stop_server
  got=$(count "$format" "$out")
  secs=$(echo "$end - $start" | bc -l)
  printf '%-7s features %d (expected %d), %.1f MB in %.2f s: %.0f features/s; server -Xmx%s, peak RSS %d MB; scratch entries left %d\n' \
    "$format" "$got" "$features" "$(echo "$bytes / 1000000" | bc -l)" "$secs" "$(echo "$got / $secs" | bc -l)" "$heap" \
    $((peak / 1024)) "$scratch"
  [[ $got -eq $features && $scratch -eq 0 ]] || status=1
  rm -f "$out"
done
exit $status
