#!/usr/bin/env bash
# The latency of acknowledged writes: the server started from the jar on an empty data directory
# (the layers built from geodata/ on the first start), a reviewer's token, then new drafts and
# their publishing (to in_review, then to published, with If-Match) timed one by one by
# WriteLatency (test code, JDK only), with one writer and with two concurrent ones.
#   bench/write-latency.sh [creates=200] [publishes=50] [writers=1,2]
# BENCH_ENGINE=postgresql writes to a new, empty throwaway PostgreSQL/PostGIS cluster instead
# (bench/postgres.sh; BENCH_PG_DIR does not apply here), its files under /tmp.
# BENCH_JAR=PATH measures that jar instead of building target/incident-atlas.jar from the working
# tree (BENCH_COMMIT=ID then names its commit in the report). The data directory is made under
# TMPDIR (default /tmp): its filesystem is reported, as it decides what a write to disk costs.
# BENCH_JAVA_OPTS are given to the server's JVM (a profiler, for example:
# -XX:StartFlightRecording=filename=/tmp/w.jfr,settings=profile).
set -euo pipefail
cd "$(dirname "$0")/.."
creates=${1:-200}
publishes=${2:-50}
writers=${3:-1,2}
port=${BENCH_PORT:-7394}
features=0
unset BENCH_PG_DIR
source bench/lib.sh
data=$work/data  # always empty: BENCH_DATA does not apply here
require_free_port
if [[ -n ${BENCH_JAR:-} ]]; then
  jar=$(realpath "$BENCH_JAR")
  commit=${BENCH_COMMIT:-"unknown (BENCH_JAR; the working tree is at $(git rev-parse --short HEAD))"}
else
  mvn -q -B package -DskipTests
  jar=target/incident-atlas.jar
  commit=$(git rev-parse --short HEAD)
  [[ -z $(git status --porcelain --untracked-files=no) ]] || commit="$commit with uncommitted changes"
fi
mkdir -p "$work/classes"
javac -d "$work/classes" src/test/java/org/incidentatlas/bench/WriteLatency.java

mkdir -p "$data"
[[ $engine == h2 ]] || pg_start
# shellcheck disable=SC2046
token=$(java -jar "$jar" user add bench --role reviewer $(database_options) | tail -1)
start=$(date +%s.%N)
# shellcheck disable=SC2086
start_server ${BENCH_JAVA_OPTS:-}
printf 'first start on an empty data directory: %.1f s\n' "$(echo "$(date +%s.%N) - $start" | bc -l)"

echo "jar: $jar"
echo "commit: $commit"
echo "java: $(java -version 2>&1 | head -1)"
echo "nproc: $(nproc), load average $(cut -d' ' -f1-3 /proc/loadavg) (other work on the machine shows here)"
if [[ $engine == postgresql ]]; then
  echo "engine: PostgreSQL at $database_url, files on $(stat -f -c %T "$pg_dir") ($pg_dir)"
else
  echo "data directory: $(stat -f -c %T "$data") ($data)"
fi
echo "writes: $creates new drafts and $publishes published, with writers: $writers"
# The server's processor time (user and system) in seconds: on a machine others load too, what the
# writes cost the server tells more than how fast they went.
cpu_seconds() {
  awk -v hz="$(getconf CLK_TCK)" '{printf "%.2f", ($14 + $15) / hz}' "/proc/$server/stat"
}
# The same for the server's threads by kind, one "kind seconds" a line: the compilers (JIT) and the
# garbage collectors work to warm up and to free memory, the rest (requests, the database driver,
# H2) on each write. A thread that ended since is missing from its kind, but not from the total.
thread_cpu() {
  local t
  for t in /proc/"$server"/task/*; do
    # The name, in parentheses, may hold spaces: the fields are counted after it.
    sed 's/.*) //' "$t/stat" 2>/dev/null | awk -v hz="$(getconf CLK_TCK)" -v comm="$(cat "$t/comm" 2>/dev/null)" '{
      kind = comm ~ /^C[12] CompilerThre/ ? "jit" : comm ~ /^(GC Thread|G1 )/ ? "gc" : "other"
      printf "%s %.2f\n", kind, ($12 + $13) / hz}'
  done | awk '{s[$1] += $2} END {for (k in s) print k, s[k]}'
}
threads_before=$(thread_cpu)
cpu_before=$(cpu_seconds)
pg_before=$(pg_ticks)
# The client's own processor time too: it shares the two cores with the server (and PostgreSQL).
TIMEFORMAT='client (WriteLatency) processor time: %U s user, %S s system, over %R s'
time java -cp "$work/classes" org.incidentatlas.bench.WriteLatency "http://127.0.0.1:$port" "$token" "$creates" \
  "$publishes" "$writers"
echo "server processor time during the writes (warm-up included): $(echo "$(cpu_seconds) - $cpu_before" | bc -l) s;" \
  "load average now $(cut -d' ' -f1-3 /proc/loadavg)"
threads_after=$(thread_cpu)
spent() {
  echo "$(echo "$threads_after" | awk -v k="$1" '$1 == k {print $2}') - 0$(echo "$threads_before" | awk -v k="$1" '$1 == k {print $2}')" | bc -l
}
echo "of which JIT compiler threads $(spent jit) s, garbage collection threads $(spent gc) s, the others (requests, database)" \
  "$(spent other) s"
[[ $engine == h2 ]] || echo "PostgreSQL's processes' processor time during the writes: $(echo "($(pg_ticks) - $pg_before) / $(getconf CLK_TCK)" | bc -l | xargs printf '%.2f') s"
kill -0 "$server" 2>/dev/null || { echo "the server stopped:"; tail -20 "$work/server.log"; exit 1; }
