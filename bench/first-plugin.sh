#!/usr/bin/env bash
# A new author's first plugin, timed: `mvn archetype:generate` of pluginkit-plugin-archetype, then
# `mvn package -Dpluginkit.plugins.dir=...` (compile, the test kit's test on the real PluginKit, the jar,
# the copy into the plugins folder) into a running PluginKit, until the plugin's page answers 200.
#
# PluginKit's artifacts are "installed" into a temporary local repository (never ~/.m2), whose only
# remote besides Maven Central is ~/.m2/repository itself (file://), so the run needs no network when
# the root build has run on this machine. The first plugin starts from that empty repository (every
# plugin and library copied in, as for an author's first build); the second one reuses it.
#
# Settings: BENCH_JAVA_HOME (the JDK of the generated builds; default: the current one), BENCH_KEEP=1
# (keep the work folder), BENCH_BUILD=1 (rebuild PluginKit first).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
version=$(sed -n 's:^  <version>\(.*\)</version>:\1:p' pom.xml | head -1)
if [[ "${BENCH_BUILD:-0}" == 1 || ! -f bndrun/target/pluginkit.jar || ! -f plugin-archetype/target/pluginkit-plugin-archetype-$version.jar
	|| ! -f testkit/target/pluginkit-test-$version.jar || ! -f api/target/api-$version.jar ]]; then
	echo "building PluginKit (mvn package)..." >&2
	mvn -B -q -Dstyle.color=never -DskipTests package >&2
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/pluginkit-first-plugin.XXXXXX")
pid=
cleanup() {
	if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null; then kill -TERM "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
	if [[ "${BENCH_KEEP:-0}" != 1 ]]; then rm -rf "$work"; else echo "kept $work" >&2; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# PluginKit's artifacts into the temporary repository, in Maven's layout (what `mvn install` would write)
repo="$work/repo"
put() { # groupId artifactId file [classifier] [pom]
	local dir="$repo/${1//.//}/$2/$version" name="$2-$version${4:+-$4}" ext="${3##*.}"
	mkdir -p "$dir"
	cp "$3" "$dir/$name.$ext"
	if [[ -n "${5:-}" ]]; then cp "$5" "$dir/$2-$version.pom"; fi
}
put io.pluginkit pluginkit-parent pom.xml "" pom.xml
put io.pluginkit api "api/target/api-$version.jar" "" api/pom.xml
put io.pluginkit pluginkit-distribution bndrun/target/pluginkit.jar pluginkit distribution/pom.xml
put io.pluginkit pluginkit-test "testkit/target/pluginkit-test-$version.jar" "" testkit/pom.xml
put io.pluginkit pluginkit-plugin-archetype "plugin-archetype/target/pluginkit-plugin-archetype-$version.jar" "" plugin-archetype/pom.xml
cat > "$work/settings.xml" <<EOF
<settings>
  <localRepository>$repo</localRepository>
  <profiles><profile><id>user-repository</id>
    <repositories><repository><id>user-repository</id><url>file://$HOME/.m2/repository</url></repository></repositories>
    <pluginRepositories><pluginRepository><id>user-repository</id><url>file://$HOME/.m2/repository</url></pluginRepository></pluginRepositories>
  </profile></profiles>
  <activeProfiles><activeProfile>user-repository</activeProfile></activeProfiles>
</settings>
EOF

# a running PluginKit with an empty plugins folder
mkdir -p "$work/plugins" "$work/projects"
java -Dorg.osgi.service.http.port=0 -Dpluginkit.shell=false -Dpluginkit.data.dir="$work/data" \
	-Dpluginkit.plugins.dir="$work/plugins" -jar bndrun/target/pluginkit.jar > "$work/pluginkit.log" 2>&1 < /dev/null &
pid=$!
for _ in $(seq 600); do grep -q ' started in ' "$work/pluginkit.log" && break; sleep 0.1; done
port=$(cat "$work/data/http.port")

build_env=()
if [[ -n "${BENCH_JAVA_HOME:-}" ]]; then build_env=(env "JAVA_HOME=$BENCH_JAVA_HOME"); fi
jdk=$("${build_env[@]}" mvn -v -Dstyle.color=never 2>/dev/null | sed "s/\x1b\[[0-9;]*m//g" | sed -n 's/^Java version: \([^,]*\).*/\1/p')
ms() { date +%s%3N; }

first_plugin() { # plugin name
	local name=$1 t0 t1 t2 t3
	t0=$(ms)
	(cd "$work/projects" && "${build_env[@]}" mvn -B -q -s "$work/settings.xml" \
		org.apache.maven.plugins:maven-archetype-plugin:3.3.1:generate -DinteractiveMode=false \
		-DarchetypeGroupId=io.pluginkit -DarchetypeArtifactId=pluginkit-plugin-archetype -DarchetypeVersion="$version" \
		-DgroupId=com.example -DartifactId="$name" -Dpackage="com.example.${name//-/}" -Dauthor="Jane Doe" >&2)
	t1=$(ms)
	(cd "$work/projects/$name" && "${build_env[@]}" mvn -B -q -s "$work/settings.xml" package \
		-Dpluginkit.plugins.dir="$work/plugins" >&2)
	t2=$(ms)
	until [[ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/$name")" == 200 ]]; do
		if (( $(ms) - t2 > 60000 )); then echo "no 200 from /$name within 60 s" >&2; exit 1; fi
		sleep 0.02
	done
	t3=$(ms)
	printf '| %s | %.1f s | %.1f s | %.1f s | **%.1f s** |\n' "$2" "$(bc <<< "scale=3; ($t1-$t0)/1000")" \
		"$(bc <<< "scale=3; ($t2-$t1)/1000")" "$(bc <<< "scale=3; ($t3-$t2)/1000")" "$(bc <<< "scale=3; ($t3-$t0)/1000")"
}

echo "first plugin, archetype:generate to the first HTTP 200 (Maven $(mvn -v 2>/dev/null | sed "s/\x1b\[[0-9;]*m//g" | sed -n 's/^Apache Maven \([^ ]*\).*/\1/p'), JDK $jdk, $(date +%F)):"
echo
echo "| run | archetype:generate | mvn package (compile, test on PluginKit, jar, deploy) | deploy -> first 200 | total |"
echo "|---|---|---|---|---|"
first_plugin hello "first plugin, empty local repository"
first_plugin hello-again "second plugin, same repository"
