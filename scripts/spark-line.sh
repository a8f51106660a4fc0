#!/usr/bin/env bash
# The two Spark lines sparkfit builds for, in one place for the scripts (sourced, not run):
#   SPARKFIT_SPARK_LINE=3 (default): Spark 3.5.x, Scala 2.12; classes in target/, jar target/sparkfit-VERSION-spark.jar
#   SPARKFIT_SPARK_LINE=4:           Spark 4.x, Scala 2.13 (mvn -Pspark4); classes in target/spark4/,
#                                    jar target/sparkfit-VERSION-spark4.jar
# Sets LINE, LINE_PROFILE (Maven flags), LINE_BUILD (build directory), LINE_JAR_SUFFIX, LINE_SCALA and
# LINE_SPARK_VERSION (the Spark version pom.xml compiles that line against).
HERE="${HERE:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}"
LINE="${SPARKFIT_SPARK_LINE:-3}"
case "$LINE" in
  3)
    LINE_PROFILE=()
    LINE_BUILD="$HERE/target"
    LINE_JAR_SUFFIX=spark
    LINE_SCALA=2.12
    # the default <spark.version>, the first in pom.xml
    LINE_SPARK_VERSION="$(sed -n 's:.*<spark.version>\(.*\)</spark.version>.*:\1:p' "$HERE/pom.xml" | head -1)"
    ;;
  4)
    LINE_PROFILE=(-Pspark4)
    LINE_BUILD="$HERE/target/spark4"
    LINE_JAR_SUFFIX=spark4
    LINE_SCALA=2.13
    # the <spark.version> inside the spark4 profile
    LINE_SPARK_VERSION="$(sed -n '/<id>spark4<\/id>/,/<\/profile>/s:.*<spark.version>\(.*\)</spark.version>.*:\1:p' "$HERE/pom.xml" | head -1)"
    ;;
  *)
    echo "sparkfit: SPARKFIT_SPARK_LINE='$LINE' is not 3 (Spark 3.5, the default) or 4 (Spark 4.x)" >&2
    exit 2
    ;;
esac
