#!/usr/bin/env bash
# The cluster rows (issue 13): propagation of a toggle across three nodes sharing a PostgreSQL, and a node
# joining a cluster of 100 plugins. Needs PostgreSQL's binaries (Debian: apt-get install -y postgresql);
# starts its own throwaway server on a free loopback port. CLUSTER_TOGGLES (100), CLUSTER_PLUGINS (100).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
if [[ "${BENCH_BUILD:-0}" == 1 || ! -f bndrun/target/pluginkit.jar || ! -f bndrun/target/plugins/helloworld.jar ]]; then
	echo "building PluginKit (mvn package)..." >&2
	mvn -B -q -Dstyle.color=never -DskipTests package >&2
fi
exec java bench/Cluster.java "$root"
