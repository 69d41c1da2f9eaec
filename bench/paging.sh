#!/usr/bin/env bash
# Paging through a whole layer as GDAL, QGIS and OWSLib do, following each page's next link over
# one kept-alive connection (bench/pager.py), against the same layer in one download: a generated
# layer of N incidents served with -Xmx256m, paged at limit=L without a filter, with a bbox over
# part of it and with a filter. Both are read and dropped, neither parsed nor stored. Prints the
# rate of each, and the median time of the first and of the last pages: a page must cost what its
# features cost, wherever it starts.
#   bench/paging.sh [features=1000000] [limit=10000]
# BENCH_ENGINE, BENCH_DATA, BENCH_PG_DIR and BENCH_JAR as for bench/whole-layer.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
features=${1:-1000000}
limit=${2:-10000}
port=${BENCH_PORT:-7394}
source bench/lib.sh

use_kept_or_generate
serve_kept_layer
warm_file_cache

page_file=$work/page.json
if [[ -d /dev/shm ]]; then page_file=$(mktemp /dev/shm/atlas-page.XXXXXX); scratch_files+=("$page_file"); fi

# Pages through $1 by its next links (bench/pager.py); writes "page features seconds" per page to
# $work/pages and prints "features seconds".
page_through() {
  /usr/bin/python3 bench/pager.py "$base$1" > "$work/pager.out" || { cat "$work/pager.out"; exit 1; }
  grep -v '^total' "$work/pager.out" > "$work/pages"
  awk '$1 == "total" {print $2, $3}' "$work/pager.out"
}

median() { sort -n | awk '{a[NR] = $1} END {printf "%.3f", a[int((NR + 1) / 2)]}'; }

report() {
  local what=$1 got secs first last
  read -r got secs <<< "$2"
  # Full pages only: the last one is shorter. Median of the first and of the last tenth of them.
  local full k
  full=$(awk -v l="$limit" '$2 == l {print $3}' "$work/pages")
  k=$(( $(wc -l <<< "$full") / 10 ))
  [[ $k -ge 1 ]] || k=1
  first=$(head -n "$k" <<< "$full" | median)
  last=$(tail -n "$k" <<< "$full" | median)
  printf '%-40s %8d features in %6.2f s: %7.0f features/s; %d pages, median of the first tenth %s s, of the last %s s\n' \
    "$what" "$got" "$secs" "$(echo "$got / $secs" | bc -l)" "$(wc -l < "$work/pages")" "$first" "$last"
}

box="bbox=45.0,40.6,45.5,41.3"
filter="filter=$(python3 -c 'import urllib.parse; print(urllib.parse.quote("fatalities_high >= 1"))')"
# The first download warms the JIT and is counted by a reader that does not trust the server.
curl -sf "$base/download/incidents.geojson" -o "$page_file"
got=$(count geojson "$page_file")
rm -f "$page_file"
secs=$(/usr/bin/python3 bench/pager.py --whole "$base/download/incidents.geojson" | awk '{print $3}')
printf '%-40s %8d features in %6.2f s: %7.0f features/s\n' "one download" "$got" "$secs" "$(echo "$got / $secs" | bc -l)"
single=$(echo "$got / $secs" | bc -l)
result=$(page_through "/api/collections/incidents/items?limit=$limit")
report "pages of $limit" "$result"
read -r got secs <<< "$result"
printf 'paging / one download: %.2f\n' "$(echo "($got / $secs) / $single" | bc -l)"
# The first box on a point layer builds the layer's point index in memory, once for the server's life.
curl -sf "$base/api/collections/incidents/items?limit=1&$box" -o /dev/null
report "pages of $limit, $box" "$(page_through "/api/collections/incidents/items?limit=$limit&$box")"
report "pages of $limit, fatalities_high >= 1" "$(page_through "/api/collections/incidents/items?limit=$limit&$filter")"
