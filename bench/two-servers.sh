#!/usr/bin/env bash
# Two servers on one PostgreSQL database (always PostgreSQL: BENCH_ENGINE does not apply) under
# the small-box load of items-load.sh on both at once, while CrossServerLatency (test code, JDK
# only) publishes records on server A with a reviewer's token and times how soon server B serves
# each. Fails on any error answer, socket error or logged error of either server, or when a
# record does not reach B.
#   bench/two-servers.sh [features=1000000] [samples=100] [connections=8 per server]
# BENCH_PG_DIR keeps the cluster and its generated layer between runs (bench/postgres.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
features=${1:-1000000}
samples=${2:-100}
connections=${3:-8}
port_a=${BENCH_PORT:-7396}
port_b=$((port_a + 1))
command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install wrk)"; exit 2; }
BENCH_ENGINE=postgresql
port=$port_a
source bench/lib.sh
build_and_generate
mkdir -p "$work/classes"
javac -d "$work/classes" src/test/java/org/incidentatlas/bench/CrossServerLatency.java
data_dir=$data
data=$data_dir/a; mkdir -p "$data"
token=$(java -jar target/incident-atlas.jar user add "bench-$(date +%s%N)" --role reviewer $(database_options) | tail -1)
port=$port_a; start_server -Xmx256m
data=$data_dir/b; mkdir -p "$data"
port=$port_b; start_server -Xmx256m
a="http://127.0.0.1:$port_a"
b="http://127.0.0.1:$port_b"
echo "commit: $(git rev-parse --short HEAD); java: $(java -version 2>&1 | head -1); servers -Xmx256m"
echo "nproc: $(nproc), load average $(cut -d' ' -f1-3 /proc/loadavg) (other work on the machine shows here)"
describe_engine
warm_file_cache
for base in "$a" "$b"; do
  curl -sf -o /dev/null "$base/api/collections/incidents/items?bbox=45.5,40.9,45.52,40.92&limit=100"
  wrk -t1 -c2 -d5s -s bench/small-bbox.lua "$base" >/dev/null
done

# wrk runs long enough to outlast the samples; the script checks that it did.
seconds=$(( 60 + 2 * samples ))
echo; echo "== small boxes on A and on B, $connections connections each, ${seconds}s; $samples records published on A =="
wrk -t1 -c"$connections" -d"${seconds}s" --latency -s bench/small-bbox.lua "$a" > "$work/wrk-a.txt" &
wrk_a=$!
wrk -t1 -c"$connections" -d"${seconds}s" --latency -s bench/small-bbox.lua "$b" > "$work/wrk-b.txt" &
wrk_b=$!
sleep 3
java -cp "$work/classes" org.incidentatlas.bench.CrossServerLatency "$a" "$b" "$token" "$samples"
kill -0 "$wrk_a" 2>/dev/null && kill -0 "$wrk_b" 2>/dev/null \
  || echo "NOTE: the load ended before the last sample: raise the seconds"
wait "$wrk_a" "$wrk_b"
status=0
for name in a b; do
  echo "-- load on server ${name^^}"
  grep -E "Requests/sec|Latency|99%|Non-2xx|Socket errors|requests in" "$work/wrk-$name.txt"
  ! grep -qE "Non-2xx|Socket errors" "$work/wrk-$name.txt" || status=1
done
for log in "$work"/server*.log; do
  if grep -E "ERROR|Exception" "$log" | grep -v '^\[' > "$work/errors.txt"; then
    echo "errors in $log:"; head -5 "$work/errors.txt"; status=1
  fi
done
[[ $status -eq 0 ]] && echo "no errors on either server"
exit $status
