#!/usr/bin/env bash
# The map's picture (the "Export picture" PNG) at 1200x800 and 2400x1600 in headless Chromium
# (1280x800): the time from the page's call to the PNG in hand, RUNS pictures per size after one
# warm-up, on the atlas's own data or, with FEATURES > 0, on a generated layer of that many incidents.
# The summary is printed and kept in target/bench/picture.txt.
#   bench/picture.sh [runs=10] [features=0]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-10}
features=${2:-0}
log=target/bench/picture.log
mkdir -p target/bench
rm -f target/bench/picture.txt

echo "commit: $(git rev-parse --short HEAD); nproc: $(nproc), load average $(cut -d' ' -f1-3 /proc/loadavg) (other work on the machine shows here)"
echo "picture benchmark: $runs pictures per size, features=$features (log: $log) ..."
status=0
mvn -B test -Dtest=PictureBenchmark -DexcludedTestGroups= -Dbench.runs="$runs" -Dbench.features="$features" > "$log" 2>&1 || status=$?
if [[ -f target/bench/picture.txt ]]; then
  cat target/bench/picture.txt
else
  tail -40 "$log"
fi
exit $status
