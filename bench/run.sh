#!/usr/bin/env bash
# Prints the DESIGN §10 table: startup, enable/disable latency, 1,000 plugins (cold and warm) and throughput,
# PluginKit against a bare Felix + SCR + Jetty 12 + Gogo with one servlet and against a PF4J host, each measured
# in the same run. Settings: see bench/README.md (BENCH_ROWS, BENCH_RUNS, BENCH_PLUGINS, BENCH_WRK_*...).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

# Build only what is missing (BENCH_BUILD=1 rebuilds). Never `install`: the bench needs nothing in ~/.m2.
if [[ "${BENCH_BUILD:-0}" == 1 || ! -f bndrun/target/pluginkit.jar || ! -f bndrun/target/plugins/helloworld.jar ]]; then
	echo "building PluginKit (mvn package)..." >&2
	mvn -B -q -Dstyle.color=never -DskipTests package >&2
fi
if [[ "${BENCH_BUILD:-0}" == 1 || ! -f bench/bare/target/bare.jar || ! -d bench/pf4j/target/lib || ! -d bench/templates/target/lib ]]; then
	echo "building the bare Felix and PF4J peers (mvn -f bench/pom.xml package)..." >&2
	mvn -B -q -Dstyle.color=never -DskipTests -f bench/pom.xml package >&2
fi

# The harness stops every process it started on exit; SIGTERM to it (here, on Ctrl+C or an error) runs that.
pid=
cleanup() { if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null; then kill -TERM "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi; }
trap cleanup EXIT
trap 'exit 130' INT TERM

if ! command -v wrk >/dev/null; then
	echo "wrk is not installed (Debian: apt-get install -y wrk): the throughput rows will be skipped" >&2
fi

echo "benchmarking (figures are only as quiet as the machine: keep other work off it)..." >&2
# BENCH_ROWS=triggers: only the JMH rows; otherwise they follow the table's other rows unless BENCH_JMH=0
if [[ "${BENCH_ROWS:-}" != triggers ]]; then
java bench/Bench.java "$root" &
pid=$!
wait "$pid"
fi
if [[ "${BENCH_JMH:-1}" != 0 && ( -z "${BENCH_ROWS:-}" || "${BENCH_ROWS:-}" == triggers ) ]]; then
	bench/jmh.sh
fi
