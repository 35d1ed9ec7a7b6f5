#!/usr/bin/env bash
# Fetch (once) and run a real Elasticsearch 8.19 for the integration tests, in the foreground
# (elasticsearch-notes §6). The tests start it through test/elasticsearch/server.ts; by hand:
#   test/elasticsearch/start.sh [--port 9250] [--security] [--run-dir DIR]
# --security turns on xpack.security with a file-realm superuser (SCIMTRACE_TEST_ES_USER/_PASSWORD,
# default scimtrace/scimtrace-test-pw) so basic auth can be tested; HTTP stays plain (no TLS).
# The unpacked server is cached in $SCIMTRACE_ES_CACHE (default /var/cache/scimtrace-es as root, else
# ~/.cache/scimtrace-es); the zip itself stays in ~/.m2. Needs java (17+) and mvn on PATH.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
version=8.19.21
port=9250
security=false
run_dir=""
while [ $# -gt 0 ]; do
  case "$1" in
    --port) port=$2; shift 2 ;;
    --security) security=true; shift ;;
    --run-dir) run_dir=$2; shift 2 ;;
    --fetch-only) fetch_only=true; shift ;;
    *) echo "start.sh: unknown option $1" >&2; exit 2 ;;
  esac
done

command -v java >/dev/null || { echo "start.sh: java is not on PATH" >&2; exit 3; }
if [ "$(id -u)" = 0 ]; then default_cache=/var/cache/scimtrace-es; else default_cache="$HOME/.cache/scimtrace-es"; fi
cache=${SCIMTRACE_ES_CACHE:-$default_cache}
home="$cache/$version/elasticsearch-$version"
if [ ! -x "$home/bin/elasticsearch" ]; then
  command -v mvn >/dev/null || { echo "start.sh: mvn is not on PATH (needed once, to fetch Elasticsearch)" >&2; exit 3; }
  mkdir -p "$cache/$version"
  mvn -B -q -f "$here/pom.xml" dependency:unpack@es -Des.dir="$cache/$version" >&2
fi
[ "${fetch_only:-false}" = true ] && { echo "$home"; exit 0; }

# A per-run config, data and log directory: the server writes its keystore into config/ at start.
[ -n "$run_dir" ] || run_dir=$(mktemp -d /tmp/scimtrace-es-run.XXXXXX)
mkdir -p "$run_dir"
rm -rf "$run_dir/config" && cp -r "$home/config" "$run_dir/config"
mkdir -p "$run_dir/data" "$run_dir/logs" "$run_dir/tmp"
java_bin=$(readlink -f "$(command -v java)")
export ES_JAVA_HOME=${ES_JAVA_HOME:-$(dirname "$(dirname "$java_bin")")}
export ES_PATH_CONF="$run_dir/config"
export ES_TMPDIR="$run_dir/tmp"

if [ "$security" = true ]; then
  # A file-realm superuser for basic auth (the integ-test zip has no native users or API keys).
  "$home/bin/elasticsearch-users" useradd "${SCIMTRACE_TEST_ES_USER:-scimtrace}" \
    -p "${SCIMTRACE_TEST_ES_PASSWORD:-scimtrace-test-pw}" -r superuser >&2
  # And one that may not read any index, for the 403 test.
  printf 'scimtrace_no_read:\n  cluster: [monitor]\n' >>"$run_dir/config/roles.yml"
  "$home/bin/elasticsearch-users" useradd scimtrace-no-read -p scimtrace-test-pw -r scimtrace_no_read >&2
fi
# Unset, the heap is half the RAM and pre-touched; C1 only starts ~35% faster and pages ~2x faster on 2 cores.
export ES_JAVA_OPTS="${SCIMTRACE_TEST_ES_JAVA_OPTS:--Xms512m -Xmx512m -XX:TieredStopAtLevel=1}"
args=(-E discovery.type=single-node -E network.host=127.0.0.1 -E http.port="$port" -E transport.port="$((port + 50))"
  -E path.data="$run_dir/data" -E path.logs="$run_dir/logs" -E xpack.security.enabled="$security"
  -E xpack.security.http.ssl.enabled=false -E xpack.security.transport.ssl.enabled=false
  -E cluster.routing.allocation.disk.threshold_enabled=false -E action.destructive_requires_name=false
  # Expired points in time are freed within a second (default: a minute), so the tests can expire one.
  -E search.keep_alive_interval=1s)

if [ "$(id -u)" = 0 ]; then
  # It refuses to run as root: run it as nobody, who must be able to read its home and own the run dir.
  chown -R nobody:nogroup "$run_dir"
  chmod -R o+rX "$cache"
  exec setpriv --reuid=nobody --regid=nogroup --clear-groups --pdeathsig TERM -- "$home/bin/elasticsearch" "${args[@]}"
fi
exec "$home/bin/elasticsearch" "${args[@]}"
