#!/usr/bin/env bash
# The map's charts with a large incident layer in headless Chromium (1280x800): time from a filter
# change to the charts drawn again, the request's part of it, and the server's time to sum up
# /api/collections/incidents/daily for a few queries. Fails when the median update takes 200 ms
# or more. The summary is printed and kept in target/bench/charts.txt.
#   bench/charts.sh [features=100000] [runs=20]
set -euo pipefail
cd "$(dirname "$0")/.."
features=${1:-100000}
runs=${2:-20}
log=target/bench/charts.log
mkdir -p target/bench
rm -f target/bench/charts.txt

echo "charts benchmark: $features incidents, $runs filter changes (log: $log) ..."
status=0
mvn -B test -Dtest=ChartsBenchmark -DexcludedTestGroups= -Dbench.features="$features" -Dbench.runs="$runs" \
  > "$log" 2>&1 || status=$?
if [[ -f target/bench/charts.txt ]]; then
  cat target/bench/charts.txt
else
  tail -40 "$log"
fi
exit $status
