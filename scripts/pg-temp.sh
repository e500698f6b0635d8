#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Starts a throw-away PostgreSQL server on a temporary directory and a free port on 127.0.0.1.
#   source scripts/pg-temp.sh start   → exports PG_TEMP_DIR, PG_TEMP_PORT, PG_TEMP_URL
#   source scripts/pg-temp.sh stop
# Installs Debian's postgresql package first when no server binaries are found.
set -euo pipefail

pg_bin_dir() {
  local d
  for d in /usr/lib/postgresql/*/bin; do
    if [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ]; then echo "$d"; fi
  done | sort -V | tail -n 1
}

pg_temp_start() {
  local bin
  bin=$(pg_bin_dir)
  if [ -z "$bin" ]; then
    echo "PostgreSQL 未安装，正在安装 Debian 软件包 postgresql…" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2
    apt-get install -y -qq postgresql >&2
    bin=$(pg_bin_dir)
  fi
  PG_TEMP_DIR=$(mktemp -d /tmp/yibao-pg.XXXXXX)
  PG_TEMP_PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
  local run=()
  if [ "$(id -u)" = 0 ]; then
    # PostgreSQL refuses to run as root.
    chown postgres "$PG_TEMP_DIR"
    run=(runuser -u postgres --)
  fi
  "${run[@]}" "$bin/initdb" -D "$PG_TEMP_DIR/data" --auth=trust -E UTF8 --locale=C.UTF-8 -U yibao >/dev/null
  "${run[@]}" "$bin/pg_ctl" -D "$PG_TEMP_DIR/data" -l "$PG_TEMP_DIR/server.log" -w \
    -o "-p $PG_TEMP_PORT -c listen_addresses=127.0.0.1 -k $PG_TEMP_DIR -c shared_buffers=256MB -c max_wal_size=2GB -c fsync=on" \
    start >/dev/null
  "${run[@]}" "$bin/createdb" -h 127.0.0.1 -p "$PG_TEMP_PORT" -U yibao yibao_test
  PG_TEMP_BIN=$bin
  PG_TEMP_URL="postgres://yibao@127.0.0.1:$PG_TEMP_PORT/yibao_test"
  export PG_TEMP_DIR PG_TEMP_PORT PG_TEMP_URL PG_TEMP_BIN
  echo "PostgreSQL 已启动：$PG_TEMP_URL" >&2
}

pg_temp_stop() {
  if [ -n "${PG_TEMP_DIR:-}" ] && [ -d "$PG_TEMP_DIR/data" ]; then
    local run=()
    if [ "$(id -u)" = 0 ]; then run=(runuser -u postgres --); fi
    "${run[@]}" "$PG_TEMP_BIN/pg_ctl" -D "$PG_TEMP_DIR/data" -m fast -w stop >/dev/null || true
    rm -rf "$PG_TEMP_DIR"
    echo "PostgreSQL 已停止" >&2
  fi
}

case "${1:-}" in
  start) pg_temp_start ;;
  stop) pg_temp_stop ;;
  *) echo "usage: source scripts/pg-temp.sh start|stop" >&2; return 2 2>/dev/null || exit 2 ;;
esac
