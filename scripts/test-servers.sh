#!/usr/bin/env bash
# Private PostgreSQL 15 and MariaDB instances on loopback for the test suite.
#   scripts/test-servers.sh start            start both (fresh data), print nothing but errors
#   scripts/test-servers.sh stop             stop both
#   scripts/test-servers.sh env              print the REXORM_TEST_* exports
#   scripts/test-servers.sh restart-postgres | restart-mariadb
# They never touch the system's own clusters: data lives under $REXORM_SERVERS_DIR.
set -euo pipefail

BASE=${REXORM_SERVERS_DIR:-${TMPDIR:-/tmp}/rexorm-servers-$(id -u)}
PG_PORT=${REXORM_PG_PORT:-55432}
MARIADB_PORT=${REXORM_MARIADB_PORT:-53306}
PG_BIN=$(ls -d /usr/lib/postgresql/15/bin 2>/dev/null || true)
SELF=$(readlink -f "$0")
CHINOOK="$(dirname "$SELF")/../tests/data/chinook"

die() { echo "test-servers: $*" >&2; exit 1; }

# Runs a command as the service account when we are root (the servers refuse to run as root).
as_user() {
    local user=$1; shift
    if [ "$(id -u)" = 0 ]; then runuser -u "$user" -- "$@"; else "$@"; fi
}
pg_user() { [ "$(id -u)" = 0 ] && echo postgres || id -un; }
mariadb_user() { [ "$(id -u)" = 0 ] && echo mysql || id -un; }

wait_for() {
    local what=$1 seconds=$2; shift 2
    for _ in $(seq 1 $((seconds * 10))); do
        if "$@" >/dev/null 2>&1; then return 0; fi
        sleep 0.1
    done
    die "$what did not come up within ${seconds}s"
}

pg_ctl_cmd() { as_user "$(pg_user)" "$PG_BIN/pg_ctl" -D "$BASE/pg/data" "$@"; }

start_postgres() {
    [ -n "$PG_BIN" ] || die "PostgreSQL 15 is not installed (apt-get install postgresql-15)"
    rm -rf "$BASE/pg"
    mkdir -p "$BASE/pg"
    [ "$(id -u)" = 0 ] && chown "$(pg_user)" "$BASE/pg"
    as_user "$(pg_user)" "$PG_BIN/initdb" -D "$BASE/pg/data" -U postgres --auth-local=trust \
        --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 >"$BASE/pg/initdb.log" 2>&1 \
        || { cat "$BASE/pg/initdb.log" >&2; die "initdb failed"; }
    cat >>"$BASE/pg/data/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $PG_PORT
unix_socket_directories = '$BASE/pg'
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 200
CONF
    pg_start
    as_user "$(pg_user)" psql -h "$BASE/pg" -p "$PG_PORT" -U postgres -v ON_ERROR_STOP=1 -q -d postgres \
        -c "CREATE ROLE rexorm LOGIN CREATEDB PASSWORD 'rexorm'" \
        -c "CREATE DATABASE rexorm_test OWNER rexorm" >/dev/null
    # Chinook, a schema nobody here wrote, for the database-first tests.
    as_user "$(pg_user)" psql -h "$BASE/pg" -p "$PG_PORT" -U postgres -v ON_ERROR_STOP=1 -q -d postgres \
        <"$CHINOOK/Chinook_PostgreSql.sql" >"$BASE/pg/chinook.log" 2>&1 \
        || { tail -20 "$BASE/pg/chinook.log" >&2; die "loading Chinook into PostgreSQL failed"; }
    as_user "$(pg_user)" psql -h "$BASE/pg" -p "$PG_PORT" -U postgres -v ON_ERROR_STOP=1 -q -d chinook \
        -c "ALTER DATABASE chinook OWNER TO rexorm" -c "GRANT ALL ON SCHEMA public TO rexorm" \
        -c "GRANT ALL ON ALL TABLES IN SCHEMA public TO rexorm" >/dev/null
}

pg_start() {
    pg_ctl_cmd -l "$BASE/pg/server.log" -w -t 60 start >/dev/null \
        || { tail -20 "$BASE/pg/server.log" >&2; die "PostgreSQL did not start"; }
}

stop_postgres() {
    [ -f "$BASE/pg/data/postmaster.pid" ] && pg_ctl_cmd -w -m fast stop >/dev/null 2>&1 || true
}

mariadb_client() { mariadb --no-defaults --socket="$BASE/mariadb/mysqld.sock" -u root "$@"; }

mariadb_start() {
    local user
    user=$(mariadb_user)
    setsid mariadbd --no-defaults --datadir="$BASE/mariadb/data" --socket="$BASE/mariadb/mysqld.sock" \
        --port="$MARIADB_PORT" --bind-address=127.0.0.1 --user="$user" \
        --pid-file="$BASE/mariadb/mysqld.pid" --log-error="$BASE/mariadb/error.log" \
        --innodb-buffer-pool-size=64M --innodb-flush-log-at-trx-commit=0 --skip-log-bin \
        --max-connections=200 --skip-name-resolve \
        --character-set-server=utf8mb4 --collation-server=utf8mb4_unicode_ci </dev/null >/dev/null 2>&1 &
    wait_for "MariaDB" 60 mariadb_client -e "SELECT 1" \
        || { tail -20 "$BASE/mariadb/error.log" >&2; exit 1; }
}

start_mariadb() {
    command -v mariadbd >/dev/null || die "MariaDB is not installed (apt-get install mariadb-server)"
    rm -rf "$BASE/mariadb"
    mkdir -p "$BASE/mariadb"
    [ "$(id -u)" = 0 ] && chown "$(mariadb_user)" "$BASE/mariadb"
    mariadb-install-db --no-defaults --datadir="$BASE/mariadb/data" --user="$(mariadb_user)" \
        --auth-root-authentication-method=normal --skip-test-db >"$BASE/mariadb/install.log" 2>&1 \
        || { cat "$BASE/mariadb/install.log" >&2; die "mariadb-install-db failed"; }
    mariadb_start
    mariadb_client -e "CREATE USER 'rexorm'@'127.0.0.1' IDENTIFIED BY 'rexorm';
        GRANT ALL PRIVILEGES ON *.* TO 'rexorm'@'127.0.0.1';
        CREATE DATABASE rexorm_test CHARACTER SET utf8mb4;"
    mariadb_client <"$CHINOOK/Chinook_MySql.sql" || die "loading Chinook into MariaDB failed"
}

stop_mariadb() {
    if [ -S "$BASE/mariadb/mysqld.sock" ]; then
        mariadb-admin --no-defaults --socket="$BASE/mariadb/mysqld.sock" -u root shutdown >/dev/null 2>&1 || true
    fi
    local pidfile="$BASE/mariadb/mysqld.pid"
    for _ in $(seq 1 100); do [ -f "$pidfile" ] || break; sleep 0.1; done
}

print_env() {
    echo "export REXORM_TEST_POSTGRES_URL='postgres://rexorm:rexorm@127.0.0.1:$PG_PORT/rexorm_test'"
    echo "export REXORM_TEST_MYSQL_URL='mariadb://rexorm:rexorm@127.0.0.1:$MARIADB_PORT/rexorm_test'"
    echo "export REXORM_TEST_POSTGRES_CHINOOK_URL='postgres://rexorm:rexorm@127.0.0.1:$PG_PORT/chinook'"
    echo "export REXORM_TEST_MYSQL_CHINOOK_URL='mariadb://rexorm:rexorm@127.0.0.1:$MARIADB_PORT/Chinook'"
    echo "export REXORM_TEST_POSTGRES_RESTART='$SELF restart-postgres'"
    echo "export REXORM_TEST_MYSQL_RESTART='$SELF restart-mariadb'"
}

case "${1:-}" in
start)
    mkdir -p "$BASE"
    stop_postgres; stop_mariadb
    start_postgres
    start_mariadb
    ;;
stop) stop_postgres; stop_mariadb ;;
env) print_env ;;
restart-postgres) pg_ctl_cmd -l "$BASE/pg/server.log" -w -m fast restart >/dev/null ;;
restart-mariadb) stop_mariadb; mariadb_start ;;
*) die "usage: $0 start|stop|env|restart-postgres|restart-mariadb" ;;
esac
