#!/usr/bin/env bash
# Run as root from anywhere: bench/wakeup-notify-cost.sh (SECONDS_PER_RUN=8 by default).
# The cost of Database:Wakeup=notify at commit: Marten adds `PERFORM pg_notify('mt_events_appended','')` to every
# session that appends events. pgbench, one-row insert transactions with and without that notify, alternated.
set -euo pipefail
B=/usr/lib/postgresql/15/bin
D=/tmp/i15-notify; rm -rf $D; install -d -o postgres -m 700 $D/data; install -d -o postgres $D/run
runuser -u postgres -- $B/initdb -D $D/data -A trust -U postgres -E UTF8 >/dev/null
PORT=$(python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])')
runuser -u postgres -- $B/pg_ctl -D $D/data -o "-p $PORT -k $D/run -c listen_addresses=127.0.0.1" -l $D/run/pg.log -w start >/dev/null
trap 'runuser -u postgres -- $B/pg_ctl -D $D/data -m fast stop >/dev/null; rm -rf $D' EXIT
P="-h 127.0.0.1 -p $PORT -U postgres"
$B/psql $P -qc "create table t(id bigserial primary key, v jsonb)" postgres
printf 'BEGIN;\ninsert into t(v) values (%s);\nEND;\n' "'{\"a\":1}'" > $D/plain.sql
printf 'BEGIN;\ninsert into t(v) values (%s);\nDO $$ BEGIN PERFORM pg_notify(%s, %s); END $$;\nEND;\n' "'{\"a\":1}'" "'mt_events_appended'" "''" > $D/notify.sql
chmod a+r $D/*.sql
# A listener, as each node's daemon holds one.
( $B/psql $P -qc "listen mt_events_appended; select pg_sleep(200)" postgres >/dev/null 2>&1 & )
for clients in 1 16; do
  for round in 1 2; do
    for script in plain notify; do
      tps=$($B/pgbench $P -n -c $clients -j 2 -T ${SECONDS_PER_RUN:-8} -f $D/$script.sql postgres 2>/dev/null | grep -Eo 'tps = [0-9.]+' | head -1)
      echo "clients=$clients round=$round $script $tps"
    done
  done
done
