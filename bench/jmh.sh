#!/usr/bin/env bash
# JMH rows of the DESIGN §10 table: trigger dispatch (10 no-op handlers <= 1 us per fire, no allocation).
# Prints markdown rows (no header) on stdout, JMH's own output on stderr. Settings: BENCH_JMH_FORKS (2),
# BENCH_JMH_ITERATIONS (5 warm-up and 5 measured, 1 s each). See bench/README.md.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

version=1.0.0-SNAPSHOT
if [[ "${BENCH_BUILD:-0}" == 1 || ! -f runtime/target/runtime-$version.jar || ! -f api/target/api-$version.jar ]]; then
	echo "building PluginKit (mvn package)..." >&2
	mvn -B -q -Dstyle.color=never -DskipTests package >&2
fi
if [[ "${BENCH_BUILD:-0}" == 1 || ! -d bench/jmh/target/lib || runtime/target/runtime-$version.jar -nt bench/jmh/target/classes ]]; then
	echo "building the JMH benchmarks (mvn -f bench/jmh/pom.xml package)..." >&2
	mvn -B -q -Dstyle.color=never -DskipTests -f bench/jmh/pom.xml package >&2
fi

forks="${BENCH_JMH_FORKS:-2}"
iterations="${BENCH_JMH_ITERATIONS:-5}"
results="$(mktemp)"
trap 'rm -f "$results"' EXIT
java -cp "bench/jmh/target/classes:bench/jmh/target/lib/*:runtime/target/runtime-$version.jar:api/target/api-$version.jar" \
	org.openjdk.jmh.Main TriggerFire -f "$forks" -wi "$iterations" -i "$iterations" -prof gc -rf csv -rff "$results" >&2

# one row per (handlers, named): ns per fire with its error, and bytes allocated per fire
python3 - "$results" <<'PY'
import csv, sys
rows = {}
for r in csv.DictReader(open(sys.argv[1])):
    key = (r["Param: handlers"], r["Param: named"])
    name = r["Benchmark"]
    if name.endswith(".fire"):
        rows.setdefault(key, {})["ns"] = (float(r["Score"]), float(r["Score Error (99.9%)"] or 0))
    elif name.endswith("gc.alloc.rate.norm"):
        rows.setdefault(key, {})["bytes"] = float(r["Score"])
for (handlers, named), v in sorted(rows.items(), key=lambda kv: (int(kv[0][0]), kv[0][1])):
    if handlers == "0" and named == "true":
        continue  # no handler: nothing named either
    ns, err = v["ns"]
    what = "" if handlers == "0" else " (all global)" if named == "false" else " (5 named, 5 global)"
    target = ("<= 1000 ns " + ("met" if ns <= 1000 else "**missed**")) if handlers == "10" else "-"
    print(f"| trigger fire, {handlers} no-op handlers{what}, JMH avg | {ns:.1f} ns (+-{err:.1f}), {v.get('bytes', 0):.0f} B allocated | - | - | {target} |")
PY
