#!/usr/bin/env bash
# The same pipeline on the embedded engine and on a local multi-process Flink cluster (JobManager +
# one TaskManager per parallel instance, all JVMs on this machine); prints both throughputs and
# their ratio. See benchmarks/README.md.
#
#   benchmarks/run-remote-benchmark.sh                       # 2,000,000 records, parallelism 2
#   benchmarks/run-remote-benchmark.sh --records=500000 --parallelism=1
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

work_dir="${BENCH_WORK_DIR:-$here/target/remote-benchmark}"
mkdir -p "$work_dir"

java_bin="java"
if [[ -n "${JAVA_HOME:-}" ]]; then
  java_bin="$JAVA_HOME/bin/java"
fi

exec "$java_bin" ${BENCH_JAVA_OPTS:--Xmx1g} \
  -Djava.io.tmpdir="$work_dir" \
  -Daws.java.v1.disableDeprecationAnnouncement=true \
  -Dlogback.configurationFile="$here/src/main/resources/logback-benchmark.xml" \
  -Dbench.log="$work_dir/benchmark.log" \
  -cp "$here/target/classes:$(cat "$classpath_file")" \
  io.sluice.benchmarks.RemoteBenchmark --work-dir="$work_dir" "$@"
