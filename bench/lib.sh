# Shared by the bench scripts: sourced after they have set $features and $port.
# Builds the jar, writes a generated layer of $features incidents into $data, starts and stops
# the server on loopback, and counts the features in a downloaded file. $work is removed on exit
# unless BENCH_KEEP is set.
# With BENCH_DATA=DIR the layer is written to DIR and kept; a later run with the same number of
# features and the same commit uses it again instead of generating it anew.
# BENCH_ENGINE=postgresql serves from a throwaway PostgreSQL/PostGIS cluster (bench/postgres.sh,
# where BENCH_PG_DIR keeps the cluster and its layer as BENCH_DATA keeps the H2 files) instead of
# the embedded H2 files (BENCH_ENGINE=h2, the default).
work=$(mktemp -d)
data=${BENCH_DATA:-$work/data}
engine=${BENCH_ENGINE:-h2}
case $engine in
  h2 | postgresql) ;;
  *) echo "BENCH_ENGINE is h2 or postgresql, not $engine" >&2; exit 2 ;;
esac
server=
servers=()  # every server started, stopped on exit
scratch_files=()  # files outside $work to remove on exit
source "$(dirname "${BASH_SOURCE[0]}")/postgres.sh"
trap 'stop_servers; pg_stop; rm -f "${scratch_files[@]}"; [[ -n ${BENCH_KEEP:-} ]] || rm -rf "$work"' EXIT

# The options that name the database to the jar: the data directory, and on PostgreSQL its address
# (the data directory then holds only download scratch).
database_options() {
  if [[ $engine == postgresql ]]; then
    echo --database "$database_url" --data-dir "$data"
  else
    echo --data-dir "$data"
  fi
}

# Facts the figures depend on.
describe_engine() {
  if [[ $engine == postgresql ]]; then
    echo "engine: PostgreSQL at $database_url, database $(( $(pg_database_bytes) / 1000000 )) MB"
  else
    echo "engine: H2, $data/atlas.mv.db $(( $(stat -c %s "$data/atlas.mv.db") / 1000000 )) MB"
  fi
}

# Reads the database's files once, so that they are in the operating system's cache as on a server
# that has been serving them.
warm_file_cache() {
  if [[ $engine == postgresql ]]; then
    find "$pg_dir/base" -type f -exec cat {} + > /dev/null
  else
    cat "$data/atlas.mv.db" > /dev/null
  fi
}

# Stops the script when something already answers on $port.
require_free_port() {
  if curl -s "http://127.0.0.1:$port/api" >/dev/null; then
    echo "port $port is in use: set BENCH_PORT to a free one" >&2
    exit 1
  fi
}

# Compiles the test code and sets $cp to the class path of main and test code with their libraries.
test_classpath() {
  mvn -q -B test-compile dependency:build-classpath -Dmdep.outputFile="$work/cp.txt" -Dmdep.includeScope=test
  cp="target/classes:target/test-classes:$(cat "$work/cp.txt")"
}

build_and_generate() {
  require_free_port
  mvn -q -B package -DskipTests
  local stamp
  stamp="$features features, commit $(git rev-parse HEAD 2>/dev/null)"
  if [[ $engine == postgresql ]]; then
    pg_start
    mkdir -p "$data"
    if [[ -n ${BENCH_PG_DIR:-} && "$(cat "$pg_dir/atlas-generated" 2>/dev/null)" == "$stamp" ]]; then
      echo "using the layer of $features incidents in $pg_dir"
      return
    fi
  elif [[ -n ${BENCH_DATA:-} && -f $data/atlas.mv.db && "$(cat "$data/generated" 2>/dev/null)" == "$stamp" ]]; then
    echo "using the layer of $features incidents in $data"
    return
  fi
  local cp
  test_classpath
  echo "generating a layer of $features incidents ($engine) ..."
  if [[ $engine == postgresql ]]; then
    rm -f "$pg_dir/atlas-generated"
    java -cp "$cp" org.incidentatlas.bench.SyntheticLayer "$database_url" "$features"
    echo "$stamp" > "$pg_dir/atlas-generated"
  else
    rm -rf "$data"
    java -cp "$cp" org.incidentatlas.bench.SyntheticLayer "$data" "$features"
    echo "$stamp" > "$data/generated"
  fi
}

# start_server JAVA_OPTION...: serves $data (or the PostgreSQL database) on $port and waits until
# it answers, with the jar in $jar if the script set one; its log is $work/server.log, or
# $work/server-$port.log while another server is running.
start_server() {
  local log=$work/server.log s
  for s in "${servers[@]}"; do kill -0 "$s" 2>/dev/null && log=$work/server-$port.log; done
  # shellcheck disable=SC2046
  java "$@" -jar "${jar:-target/incident-atlas.jar}" serve $(database_options) --port "$port" --bind 127.0.0.1 \
    > "$log" 2>&1 &
  server=$!
  servers+=("$server")
  for _ in $(seq 1 600); do
    curl -sf "http://127.0.0.1:$port/api" >/dev/null && break
    kill -0 "$server" 2>/dev/null || break
    sleep 0.5
  done
  kill -0 "$server" 2>/dev/null || { cat "$log"; exit 1; }
}

stop_server() {
  [[ -n $server ]] || return 0
  kill "$server" 2>/dev/null || true
  wait "$server" 2>/dev/null || true
  server=
}

stop_servers() {
  stop_server
  local s
  for s in "${servers[@]}"; do
    kill "$s" 2>/dev/null || true
    wait "$s" 2>/dev/null || true
  done
  servers=()
}

# Processor time in clock ticks of a process (user and system; user alone) and of the database's
# processes on PostgreSQL (0 on H2): what a run cost, which on a machine others load says more than
# how long it took.
ticks() { awk '{print $14 + $15}' "/proc/$1/stat" 2>/dev/null || echo 0; }
user_ticks() { awk '{print $14}' "/proc/$1/stat" 2>/dev/null || echo 0; }
pg_ticks() {
  local sum=0 p
  [[ $engine == postgresql ]] || { echo 0; return; }
  for p in $(pgrep -u postgres -f "postgres" || true); do
    [[ $(readlink "/proc/$p/cwd" 2>/dev/null) == "$pg_dir" ]] && sum=$((sum + $(ticks "$p")))
  done
  echo "$sum"
}

# Features in a downloaded file, counted by a reader that does not trust the server's numbers.
count() {
  case "$1" in
    geojson) grep -o '"type":"Feature",' "$2" | wc -l ;;
    kml) grep -o '<Placemark>' "$2" | wc -l ;;
    zip) ogrinfo -ro -so -al "/vsizip/$2" | awk '/^Feature Count:/ {print $3}' ;;
    *) ogrinfo -ro -so -al "$2" | awk '/^Feature Count:/ {print $3}' ;;
  esac
}

# The layer of $features incidents kept in BENCH_DATA or BENCH_PG_DIR, whatever commit generated
# it (BENCH_REGENERATE=1 writes it anew, as a change to how layers are stored needs), so that two
# commits can be compared on the same rows; otherwise the jar is built and the layer generated.
generated_file() {
  if [[ $engine == postgresql ]]; then echo "$pg_dir/atlas-generated"; else echo "$data/generated"; fi
}
kept() {
  [[ -z ${BENCH_REGENERATE:-} ]] || return 1
  if [[ $engine == postgresql ]]; then
    grep -qs "^$features features," "$(realpath -m "${BENCH_PG_DIR:-/nonexistent}")/atlas-generated"
  else
    [[ -n ${BENCH_DATA:-} ]] && grep -qs "^$features features," "$data/generated"
  fi
}
use_kept_or_generate() {
  if kept; then
    require_free_port
    [[ -n ${BENCH_JAR:-} ]] || mvn -q -B -o package -DskipTests
    if [[ $engine == postgresql ]]; then pg_start; mkdir -p "$data"; fi
    echo "using the layer in $(dirname "$(generated_file)") ($(cat "$(generated_file)"))"
  else
    build_and_generate
  fi
}

# Serves that layer with -Xmx256m from this tree's jar or BENCH_JAR at $base, and says which.
serve_kept_layer() {
  jar=${BENCH_JAR:-target/incident-atlas.jar}
  start_server -Xmx256m
  base="http://127.0.0.1:$port"
  if [[ -n ${BENCH_JAR:-} ]]; then echo "jar: $BENCH_JAR"; else
    echo "commit: $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- src || echo ' (with changes)')"; fi
  describe_engine
}
