#!/usr/bin/env bash
# Kafka → derive → Kafka exactly once, through Sluice and through a raw kafka-clients loop on the
# same in-process broker, and prints records/s for both and their ratio. See benchmarks/README.md.
#
#   benchmarks/run-kafka-benchmark.sh                         # 1,000,000 records, 2 partitions
#   benchmarks/run-kafka-benchmark.sh --records=200000 --partitions=1
#
# BENCH_JAVA_OPTS sets the JVM options (default -Xmx2g); BENCH_SKIP_BUILD=1 skips the build.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
cd "$root"

if [[ "${BENCH_SKIP_BUILD:-0}" != "1" ]]; then
  # test-compile (not verify): no tests run; compiled test classes because the Kafka benchmark
  # uses the connectors' test broker; also writes target/benchmark-classpath.txt, in dependency
  # order, from the reactor's module classes.
  ./mvnw -B -q -pl benchmarks -am test-compile
fi

classpath_file="$here/target/benchmark-classpath.txt"
if [[ ! -s "$classpath_file" ]]; then
  echo "missing $classpath_file; run without BENCH_SKIP_BUILD=1" >&2
  exit 1
fi

work_dir="${BENCH_WORK_DIR:-$here/target/kafka-benchmark}"
mkdir -p "$work_dir"

java_bin="java"
if [[ -n "${JAVA_HOME:-}" ]]; then
  java_bin="$JAVA_HOME/bin/java"
fi

# Module classes first, then the dependencies in the order Maven resolved them (jackson-annotations
# before Flink's jars matters; see benchmarks/pom.xml).
exec "$java_bin" ${BENCH_JAVA_OPTS:--Xmx2g} \
  -Djava.io.tmpdir="$work_dir" \
  -Dlogback.configurationFile="$here/src/main/resources/logback-benchmark.xml" \
  -Dbench.log="$work_dir/benchmark.log" \
  -cp "$here/target/classes:$(cat "$classpath_file")" \
  io.sluice.benchmarks.KafkaBenchmark --work-dir="$work_dir" "$@"
