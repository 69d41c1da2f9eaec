# Shared by the bench scripts: sourced after they have set $features and $port.
# Builds the jar, writes a generated layer of $features incidents into $data, starts and stops
# the server on loopback, and counts the features in a downloaded file. $work is removed on exit
# unless BENCH_KEEP is set.
# With BENCH_DATA=DIR the layer is written to DIR and kept; a later run with the same number of
# features and the same commit uses it again instead of generating it anew.
work=$(mktemp -d)
data=${BENCH_DATA:-$work/data}
server=
scratch_files=()  # files outside $work to remove on exit
trap 'stop_server; rm -f "${scratch_files[@]}"; [[ -n ${BENCH_KEEP:-} ]] || rm -rf "$work"' EXIT

build_and_generate() {
  if curl -s "http://127.0.0.1:$port/api" >/dev/null; then
    echo "port $port is in use: set BENCH_PORT to a free one" >&2
    exit 1
  fi
  mvn -q -B package -DskipTests
  local stamp
  stamp="$features features, commit $(git rev-parse HEAD 2>/dev/null)"
  if [[ -n ${BENCH_DATA:-} && -f $data/atlas.mv.db && "$(cat "$data/generated" 2>/dev/null)" == "$stamp" ]]; then
    echo "using the layer of $features incidents in $data"
    return
  fi
  mvn -q -B test-compile dependency:build-classpath -Dmdep.outputFile="$work/cp.txt" -Dmdep.includeScope=test
  local cp="target/classes:target/test-classes:$(cat "$work/cp.txt")"
  echo "generating a layer of $features incidents ..."
  rm -rf "$data"
  java -cp "$cp" org.incidentatlas.bench.SyntheticLayer "$data" "$features"
  echo "$stamp" > "$data/generated"
}

# start_server JAVA_OPTION...: serves $data on $port and waits until it answers, with the jar in
# $jar if the script set one.
start_server() {
  java "$@" -jar "${jar:-target/incident-atlas.jar}" serve --data-dir "$data" --port "$port" --bind 127.0.0.1 \
    > "$work/server.log" 2>&1 &
  server=$!
  for _ in $(seq 1 120); do curl -sf "http://127.0.0.1:$port/api" >/dev/null && break; sleep 0.5; done
  kill -0 "$server" 2>/dev/null || { cat "$work/server.log"; exit 1; }
}

stop_server() {
  [[ -n $server ]] || return 0
  kill "$server" 2>/dev/null || true
  wait "$server" 2>/dev/null || true
  server=
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
