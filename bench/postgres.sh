# A throwaway PostgreSQL cluster with PostGIS on loopback, for the bench scripts: sourced, it
# defines pg_start, pg_stop and pg_sql. pg_start makes the cluster (unless it is already there),
# starts it, makes the database `atlas` and sets $database_url to
# postgresql://postgres@127.0.0.1:$pg_port/atlas. Without BENCH_PG_DIR the cluster lives in a
# temporary directory and is removed on pg_stop; with BENCH_PG_DIR=DIR it is kept in DIR, so that a
# generated layer written there is used again by the next run (and is started if it is not running).
#
# The cluster runs as the system user `postgres` (initdb refuses root), with fsync and
# synchronous_commit left on: every acknowledged write is on the disk, as docs/durability.md
# promises on either engine. What is set differs from the defaults only in memory and checkpoint
# spacing, as a server with a few GB for the database would have:
#   shared_buffers=1GB, max_wal_size=8GB (a 1,000,000-incident build writes some GB of WAL;
#   checkpoints then come by time, not every 1 GB), max_connections=200 (two servers keep
#   2 x 16 connections each and a listener).
# BENCH_PG_PORT picks the port (default 57433); BENCH_PG_BIN the PostgreSQL binaries
# (default /usr/lib/postgresql/15/bin).
pg_bin=${BENCH_PG_BIN:-/usr/lib/postgresql/15/bin}
pg_port=${BENCH_PG_PORT:-57433}
pg_dir=
pg_started=
database_url=

pg_sql() {
  "$pg_bin/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$pg_port" -U postgres "$@"
}

pg_start() {
  [[ -x $pg_bin/initdb ]] || { echo "PostgreSQL is not installed in $pg_bin (BENCH_PG_BIN)" >&2; exit 2; }
  if [[ -n ${BENCH_PG_DIR:-} ]]; then
    pg_dir=$(realpath -m "$BENCH_PG_DIR")
    mkdir -p "$pg_dir"
  else
    pg_dir=$(mktemp -d /tmp/atlas-bench-pg.XXXXXX)
  fi
  chown postgres: "$pg_dir"
  chmod 700 "$pg_dir"
  if [[ ! -f $pg_dir/PG_VERSION ]]; then
    runuser -u postgres -- "$pg_bin/initdb" -D "$pg_dir" --auth=trust -U postgres -E UTF8 --locale=C.UTF-8 >/dev/null
  fi
  if ! runuser -u postgres -- "$pg_bin/pg_ctl" -D "$pg_dir" status >/dev/null 2>&1; then
    if "$pg_bin/pg_isready" -q -h 127.0.0.1 -p "$pg_port"; then
      echo "port $pg_port is in use: set BENCH_PG_PORT to a free one" >&2
      exit 1
    fi
    runuser -u postgres -- "$pg_bin/pg_ctl" -D "$pg_dir" -l "$pg_dir/server.log" -w -o "-p $pg_port \
      -c listen_addresses=127.0.0.1 -c unix_socket_directories=$pg_dir -c fsync=on -c synchronous_commit=on \
      -c shared_buffers=1GB -c max_wal_size=8GB -c max_connections=200" start >/dev/null
    pg_started=1
  fi
  pg_sql -d template1 -c 'CREATE EXTENSION IF NOT EXISTS postgis'
  pg_sql -d postgres -tA -c "SELECT 1 FROM pg_database WHERE datname = 'atlas'" | grep -q 1 \
    || pg_sql -d postgres -c 'CREATE DATABASE atlas'
  database_url="postgresql://postgres@127.0.0.1:$pg_port/atlas"
  echo "PostgreSQL $("$pg_bin/postgres" --version | awk '{print $3}') with PostGIS $(pg_sql -d atlas -tA -c \
    'SELECT extversion FROM pg_extension WHERE extname = $$postgis$$') at $database_url ($pg_dir)"
}

# Stops the cluster if pg_start started it; removes it unless it is kept in BENCH_PG_DIR.
pg_stop() {
  [[ -n $pg_dir ]] || return 0
  if [[ -n $pg_started ]]; then
    runuser -u postgres -- "$pg_bin/pg_ctl" -D "$pg_dir" -m fast -w stop >/dev/null 2>&1 || true
    pg_started=
  fi
  [[ -n ${BENCH_PG_DIR:-} ]] || rm -rf "$pg_dir"
  pg_dir=
}

# The size in bytes of the database `atlas` as PostgreSQL counts it (tables, indexes, TOAST).
pg_database_bytes() {
  pg_sql -d atlas -tA -c "SELECT pg_database_size('atlas')"
}
