#!/usr/bin/env bash
# Prints a SPARK_HOME whose jars/ holds the Maven-resolved jars of the Spark version pom.xml compiles
# the chosen line against (SPARKFIT_SPARK_LINE, see spark-line.sh), laying it out under the line's
# build directory (target/spark-home, or target/spark4/spark-home) on first use. Used by
# local-cluster.sh and sparkfit-submit.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=spark-line.sh
source "$HERE/scripts/spark-line.sh"
HOME_DIR="$LINE_BUILD/spark-home"
if [[ ! -f "$HOME_DIR/jars/.spark-$LINE_SPARK_VERSION" ]]; then
  echo "sparkfit: laying out Spark $LINE_SPARK_VERSION jars in $HOME_DIR/jars (first use)..." >&2
  rm -rf "$HOME_DIR/jars"
  mvn -B -q -Dstyle.color=never -f "$HERE/scripts/cluster/pom.xml" -Dspark.version="$LINE_SPARK_VERSION" \
      -Dscala.binary.version="$LINE_SCALA" \
      dependency:copy-dependencies -DoutputDirectory="$HOME_DIR/jars" >&2
  touch "$HOME_DIR/jars/.spark-$LINE_SPARK_VERSION"
fi
mkdir -p "$HOME_DIR/conf"
echo "$HOME_DIR"
