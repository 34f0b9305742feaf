#!/usr/bin/env bash
# Loads the same CSV files into PostgreSQL with psql \copy and with a Sluice pipeline and prints
# rows/s for both and their ratio. See benchmarks/README.md.
#
#   benchmarks/run-copy-benchmark.sh                          # 2,000,000 rows in 40 files, p=1,2
#   benchmarks/run-copy-benchmark.sh --rows=500000 --files=20 --parallelism=1
#
# Arguments (--name=value) and BENCH_* environment variables are described in the README.
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

work_dir="${BENCH_WORK_DIR:-$here/target/copy-benchmark}"
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
  io.sluice.benchmarks.CopyBenchmark --work-dir="$work_dir" "$@"
