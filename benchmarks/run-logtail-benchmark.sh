#!/usr/bin/env bash
# Log tail + grok parse: Sluice's log-tail source against a hand-written Flink job (FileSource and
# a regex map) on the same file in one run; prints lines/s, lines per CPU second and the ratios.
# See benchmarks/README.md.
#
#   benchmarks/run-logtail-benchmark.sh                   # 2,000,000 lines
#   benchmarks/run-logtail-benchmark.sh --lines=500000 --warm-up=false
#
# BENCH_JAVA_OPTS sets the JVM options (default -Xmx1g); BENCH_SKIP_BUILD=1 skips the build.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
cd "$root"

if [[ "${BENCH_SKIP_BUILD:-0}" != "1" ]]; then
  ./mvnw -B -q -pl benchmarks -am compile
fi

classpath_file="$here/target/benchmark-classpath.txt"
if [[ ! -s "$classpath_file" ]]; then
  echo "missing $classpath_file; run without BENCH_SKIP_BUILD=1" >&2
  exit 1
fi

work_dir="${BENCH_WORK_DIR:-$here/target/logtail-benchmark}"
rm -rf "$work_dir"
mkdir -p "$work_dir"

java_bin="java"
if [[ -n "${JAVA_HOME:-}" ]]; then
  java_bin="$JAVA_HOME/bin/java"
fi

exec "$java_bin" ${BENCH_JAVA_OPTS:--Xmx1g} \
  -Djava.io.tmpdir="$work_dir" \
  -Dlogback.configurationFile="$here/src/main/resources/logback-benchmark.xml" \
  -Dbench.log="$work_dir/benchmark.log" \
  -cp "$here/target/classes:$(cat "$classpath_file")" \
  io.sluice.benchmarks.LogTailBenchmark --work-dir="$work_dir" "$@"
