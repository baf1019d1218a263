#!/bin/sh
# Writes worker-<version>.classpath for each Kafka version of the version matrix, by running
# compat-worker/pom.xml in a nested Maven once per version. local-stack/pom.xml calls it in
# generate-resources. A version whose classpath file already exists is skipped (mvn clean redoes it).
# usage: compat-workers.sh <mvn> <local repo> <out dir> <log4j version> <dependency-plugin version> <v1,v2,...>
set -eu
mvn="$1"; repo="$2"; out="$3"; log4j="$4"; depplugin="$5"; versions="$6"
here="$(cd "$(dirname "$0")" && pwd)"
mkdir -p "$out"
for v in $(echo "$versions" | tr ',' ' '); do
  file="$out/worker-$v.classpath"
  if [ -s "$file" ]; then
    continue
  fi
  case "$v" in
    3.*) logging=log4j1 ;;
    *) logging=log4j2 ;;
  esac
  if ! "$mvn" -B -q -f "$here/compat-worker/pom.xml" -P"$logging" \
      -Dmaven.repo.local="$repo" -Dkafka.version="$v" -Dlog4j.version="$log4j" \
      -Ddependency-plugin.version="$depplugin" -Dclasspath.file="$file.tmp" dependency:build-classpath; then
    echo "compat-workers.sh: cannot resolve a Kafka Connect $v worker (connect-runtime $v and its dependencies);" \
      "remove $v from compat.kafka.versions or make Maven Central reachable" >&2
    rm -f "$file.tmp"
    exit 1
  fi
  mv "$file.tmp" "$file"
done
