#!/usr/bin/env bash
# Prints a SPARK_HOME whose jars/ holds the Maven-resolved jars of the Spark version in pom.xml,
# laying it out under target/spark-home on first use. Sourced by local-cluster.sh and sparkfit-submit.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SPARK_VERSION="$(sed -n 's:.*<spark.version>\(.*\)</spark.version>.*:\1:p' "$HERE/pom.xml" | head -1)"
HOME_DIR="$HERE/target/spark-home"
if [[ ! -f "$HOME_DIR/jars/.spark-$SPARK_VERSION" ]]; then
  echo "sparkfit: laying out Spark $SPARK_VERSION jars in $HOME_DIR/jars (first use)..." >&2
  rm -rf "$HOME_DIR/jars"
  mvn -B -q -Dstyle.color=never -f "$HERE/scripts/cluster/pom.xml" -Dspark.version="$SPARK_VERSION" \
      dependency:copy-dependencies -DoutputDirectory="$HOME_DIR/jars" >&2
  touch "$HOME_DIR/jars/.spark-$SPARK_VERSION"
fi
mkdir -p "$HOME_DIR/conf"
echo "$HOME_DIR"
