#!/usr/bin/env bash
# A real STAC API for the scene-selection tests: stac-fastapi-pgstac on pgstac, in PostgreSQL with PostGIS from
# Debian's packages. Python packages go into a cached venv outside the repository; each start makes a fresh
# database cluster in a directory of its own, on 127.0.0.1 only.
#   stac-server.sh install            installs the packages and the venv only (idempotent)
#   stac-server.sh validator          installs if needed; prints the venv's stac-validator
#   stac-server.sh odc                installs odc-stac (the loader users read L2A items with) in a venv of its own
#                                     if needed; prints that venv's python
#   stac-server.sh start DIR PGPORT APIPORT
#                                     initdb + pgstac migrate in DIR, the API on 127.0.0.1:APIPORT; prints the venv
#   stac-server.sh stop DIR           stops what start started in DIR
#   SEN2COR_CACHE   cache root (default ~/.cache/sen2cor-operator)
set -euo pipefail
STAC_FASTAPI_PGSTAC=7.2.0
PYPGSTAC=0.10.0          # the pgstac schema version it migrates to
STAC_VALIDATOR=4.1.2
ODC_STAC=0.5.3           # with rasterio, xarray and dask: a venv of its own, so the API's pins stay as they are
PG=15                    # Debian bookworm's PostgreSQL; pgstac 0.10 needs 13 or later and PostGIS 3
cache="${SEN2COR_CACHE:-$HOME/.cache/sen2cor-operator}"
venv="$cache/stac-$STAC_FASTAPI_PGSTAC-$PYPGSTAC-$STAC_VALIDATOR"
pgbin="/usr/lib/postgresql/$PG/bin"
odc_venv="$cache/odc-stac-$ODC_STAC"

install_odc() {
  if [ ! -f "$odc_venv/.complete" ]; then
    rm -rf "$odc_venv"
    mkdir -p "$cache"
    python3 -m venv "$odc_venv" >&2
    "$odc_venv/bin/pip" install --quiet "odc-stac==$ODC_STAC" >&2 \
      || { echo "stac-server: pip could not install odc-stac $ODC_STAC" >&2; exit 1; }
    touch "$odc_venv/.complete"
  fi
}

install() {
  if [ ! -x "$pgbin/initdb" ] || [ ! -f "/usr/share/postgresql/$PG/extension/postgis.control" ]; then
    [ "$(id -u)" = 0 ] || { echo "stac-server: PostgreSQL $PG with PostGIS missing and not root: apt-get install postgresql-$PG-postgis-3" >&2; exit 1; }
    echo "stac-server: installing postgresql-$PG-postgis-3 from Debian's packages" >&2
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
        "postgresql-$PG" "postgresql-$PG-postgis-3"; } >&2 \
      || { echo "stac-server: apt-get could not install postgresql-$PG-postgis-3" >&2; exit 1; }
  fi
  if [ ! -f "$venv/.complete" ]; then
    rm -rf "$venv"
    mkdir -p "$cache"
    python3 -m venv "$venv" >&2
    "$venv/bin/pip" install --quiet "stac-fastapi-pgstac==$STAC_FASTAPI_PGSTAC" "pypgstac[psycopg]==$PYPGSTAC" uvicorn \
        "stac-validator==$STAC_VALIDATOR" >&2 \
      || { echo "stac-server: pip could not install stac-fastapi-pgstac $STAC_FASTAPI_PGSTAC / pypgstac $PYPGSTAC" >&2; exit 1; }
    touch "$venv/.complete"
  fi
}

# PostgreSQL refuses to run as root: the cluster belongs to the postgres user Debian's package creates
as_owner() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

case "${1:-}" in
  install) install; install_odc ;;
  odc) install_odc; echo "$odc_venv/bin/python" ;;
  validator) install; echo "$venv/bin/stac-validator" ;;
  start)
    dir="$2"; pgport="$3"; apiport="$4"
    install
    mkdir -p "$dir"
    # the cluster's own directory, which the postgres user can reach (DIR may be under a root-only temp dir)
    pgdir="$(mktemp -d /tmp/sen2cor-stac-pg.XXXXXX)"
    echo "$pgdir" >"$dir/pgdir"
    if [ "$(id -u)" = 0 ]; then chown postgres "$pgdir"; fi
    as_owner "$pgbin/initdb" -D "$pgdir/data" -U postgres --auth=trust -E UTF8 >"$dir/initdb.log" 2>&1 \
      || { cat "$dir/initdb.log" >&2; exit 1; }
    as_owner "$pgbin/pg_ctl" -D "$pgdir/data" -l "$pgdir/postgres.log" -w -t 60 \
      -o "-c listen_addresses=127.0.0.1 -p $pgport -k $pgdir -c fsync=off" start >&2
    export PGHOST=127.0.0.1 PGPORT="$pgport" PGUSER=postgres PGPASSWORD=unused
    PGDATABASE=postgres "$pgbin/psql" -q -c "create database stac" >&2
    PGDATABASE=stac "$venv/bin/pypgstac" migrate >&2
    # query (eo:cloud_cover), filter (CQL2), sort, fields and token paging, as the big catalogues offer; transactions
    PGDATABASE=stac ENABLED_EXTENSIONS="query,sort,fields,filter,pagination" ENABLE_TRANSACTIONS_EXTENSIONS=true \
      nohup "$venv/bin/uvicorn" stac_fastapi.pgstac.app:create_app --factory --host 127.0.0.1 --port "$apiport" \
      >"$dir/api.log" 2>&1 &
    echo $! >"$dir/api.pid"
    for _ in $(seq 1 120); do
      if "$venv/bin/python" -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:$apiport/')" >/dev/null 2>&1; then
        echo "$venv"; exit 0
      fi
      kill -0 "$(cat "$dir/api.pid")" 2>/dev/null || break
      sleep 0.5
    done
    echo "stac-server: the STAC API did not answer on 127.0.0.1:$apiport:" >&2
    tail -20 "$dir/api.log" >&2
    exit 1
    ;;
  stop)
    dir="$2"
    if [ -f "$dir/api.pid" ]; then kill "$(cat "$dir/api.pid")" 2>/dev/null || true; fi
    if [ -f "$dir/pgdir" ]; then
      pgdir="$(cat "$dir/pgdir")"
      as_owner "$pgbin/pg_ctl" -D "$pgdir/data" -m immediate -w stop >/dev/null 2>&1 || true
      case "$pgdir" in /tmp/sen2cor-stac-pg.*) rm -rf "$pgdir";; esac
    fi
    ;;
  *) echo "usage: stac-server.sh install | validator | start DIR PGPORT APIPORT | stop DIR" >&2; exit 2;;
esac
