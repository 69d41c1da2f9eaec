#!/usr/bin/env bash
# The map page with a large incident layer in headless Chromium (1280x800): time from navigation
# to the first incident markers on screen and to every shown layer loaded, and frame times while
# dragging and zooming the map. Fails when first render takes 2 s or more, or panning stutters.
# The summary is printed and kept in target/bench/map-render.txt, a screenshot of the first run
# in target/screenshots/; with BENCH_PROFILE=1 the first run also leaves CPU profiles of loading
# and panning in target/bench/ (open them in Chromium's DevTools, Performance panel).
#   bench/map-render.sh [features=100000] [runs=3]
set -euo pipefail
cd "$(dirname "$0")/.."
features=${1:-100000}
runs=${2:-3}
log=target/bench/map-render.log
mkdir -p target/bench
rm -f target/bench/map-render.txt

echo "map render benchmark: $features incidents, $runs runs (log: $log) ..."
status=0
mvn -B test -Dtest=MapRenderBenchmark -DexcludedTestGroups= -Dbench.features="$features" -Dbench.runs="$runs" \
  -Dbench.profile="${BENCH_PROFILE:+true}" > "$log" 2>&1 || status=$?
if [[ -f target/bench/map-render.txt ]]; then
  cat target/bench/map-render.txt
else
  tail -40 "$log"
fi
exit $status
