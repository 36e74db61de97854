#!/usr/bin/env bash
# Prints the DESIGN §10 table rows for startup and enable/disable latency: PluginKit against a bare
# Felix + SCR + Jetty 12 + Gogo with one servlet. Settings: see bench/README.md (BENCH_RUNS, BENCH_TOGGLES...).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

# Build only what is missing (BENCH_BUILD=1 rebuilds). Never `install`: the bench needs nothing in ~/.m2.
if [[ "${BENCH_BUILD:-0}" == 1 || ! -f bndrun/target/pluginkit.jar || ! -f bndrun/target/plugins/helloworld.jar ]]; then
	echo "building PluginKit (mvn package)..." >&2
	mvn -B -q -Dstyle.color=never -DskipTests package >&2
fi
if [[ "${BENCH_BUILD:-0}" == 1 || ! -f bench/bare/target/bare.jar ]]; then
	echo "building the bare Felix peer (mvn -f bench/pom.xml package)..." >&2
	mvn -B -q -Dstyle.color=never -DskipTests -f bench/pom.xml package >&2
fi

# The harness stops every process it started on exit; SIGTERM to it (here, on Ctrl+C or an error) runs that.
pid=
cleanup() { if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null; then kill -TERM "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi; }
trap cleanup EXIT
trap 'exit 130' INT TERM

echo "benchmarking (figures are only as quiet as the machine: keep other work off it)..." >&2
java bench/Bench.java "$root" &
pid=$!
wait "$pid"
