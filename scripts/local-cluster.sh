#!/usr/bin/env bash
# A Spark standalone cluster on 127.0.0.1 without a Spark download: one Master and two Workers (one
# core each), started from the Maven-resolved Spark jars. Executors run in their own JVMs.
#
#   scripts/local-cluster.sh start    # prints the master URL, e.g. spark://127.0.0.1:7077
#   scripts/local-cluster.sh stop
#   scripts/local-cluster.sh status
#
# Environment: SPARKFIT_CLUSTER_DIR (state, logs, work dirs; default target/local-cluster),
# SPARKFIT_MASTER_PORT (7077), SPARKFIT_MASTER_UI_PORT (8080), SPARKFIT_WORKERS (2),
# SPARKFIT_WORKER_MEMORY (2g), SPARKFIT_CLUSTER_CONF (a spark-defaults.conf for the daemons, e.g. with
# spark.authenticate; its secret comes from the environment, see conf/spark-defaults.conf.template).
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# SPARKFIT_SPARK_LINE=4 starts a Spark 4 cluster instead of Spark 3.5 (see spark-line.sh)
# shellcheck source=spark-line.sh
source "$HERE/scripts/spark-line.sh"
DIR="${SPARKFIT_CLUSTER_DIR:-$HERE/target/local-cluster}"
PORT="${SPARKFIT_MASTER_PORT:-7077}"
UI_PORT="${SPARKFIT_MASTER_UI_PORT:-8080}"
WORKERS="${SPARKFIT_WORKERS:-2}"
MEMORY="${SPARKFIT_WORKER_MEMORY:-2g}"
MASTER="spark://127.0.0.1:$PORT"

daemon() { # name main-class args...: starts a daemon JVM in the background, remembers its pid
  local name="$1"; shift
  local conf=()
  [[ -n "${SPARKFIT_CLUSTER_CONF:-}" ]] && conf=(--properties-file "$SPARKFIT_CLUSTER_CONF")
  # SPARK_SCALA_VERSION: a Maven-built SPARK_HOME has no launcher/target/scala-* folder to infer it from.
  # With spark.authenticate in SPARKFIT_CLUSTER_CONF the daemons read the secret from _SPARK_AUTH_SECRET.
  _SPARK_AUTH_SECRET="${SPARKFIT_AUTH_SECRET:-}" \
  SPARK_HOME="$SPARK_HOME" SPARK_SCALA_VERSION="$LINE_SCALA" SPARK_LOCAL_IP=127.0.0.1 nohup java -Xmx512m \
      -cp "$SPARK_HOME/conf:$SPARK_HOME/jars/*" "$@" "${conf[@]}" >"$DIR/logs/$name.log" 2>&1 &
  echo $! >"$DIR/$name.pid"
}

alive_workers() {
  curl -fsS "http://127.0.0.1:$UI_PORT/json/" 2>/dev/null | sed -n 's/.*"aliveworkers" *: *\([0-9]*\).*/\1/p'
}

stop() {
  for f in "$DIR"/worker-*.pid "$DIR"/master.pid; do
    [[ -f "$f" ]] || continue
    pid="$(cat "$f")"
    # Workers kill their executors on a clean stop; TERM first, KILL whatever is left.
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
    rm -f "$f"
  done
  # Executors a killed worker left behind (they belong to this cluster's work dirs).
  pkill -9 -f "$LINE_BUILD/spark-home/.*CoarseGrainedExecutorBackend" 2>/dev/null || true
}

case "${1:-}" in
  start)
    SPARK_HOME="$("$HERE/scripts/spark-home.sh")"
    export SPARK_HOME
    stop
    rm -rf "$DIR"/work-* # a fresh cluster: no executor directories of earlier applications
    mkdir -p "$DIR/logs"
    daemon master org.apache.spark.deploy.master.Master --host 127.0.0.1 --port "$PORT" --webui-port "$UI_PORT"
    for _ in $(seq 120); do [[ -n "$(alive_workers)" ]] && break; sleep 0.5; done
    [[ -n "$(alive_workers)" ]] || { echo "local-cluster: the master did not start; see $DIR/logs/master.log" >&2; stop; exit 1; }
    for i in $(seq "$WORKERS"); do
      mkdir -p "$DIR/work-$i"
      daemon "worker-$i" org.apache.spark.deploy.worker.Worker --host 127.0.0.1 --cores 1 --memory "$MEMORY" \
          --work-dir "$DIR/work-$i" --webui-port 0 "$MASTER"
    done
    for _ in $(seq 120); do [[ "$(alive_workers)" == "$WORKERS" ]] && break; sleep 0.5; done
    if [[ "$(alive_workers)" != "$WORKERS" ]]; then
      echo "local-cluster: $(alive_workers) of $WORKERS workers registered; see $DIR/logs/" >&2
      stop
      exit 1
    fi
    echo "$MASTER"
    ;;
  stop)
    stop
    ;;
  status)
    echo "master $MASTER: $(alive_workers || true) workers alive"
    ;;
  *)
    echo "usage: $0 start|stop|status" >&2
    exit 2
    ;;
esac
