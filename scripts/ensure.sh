#!/usr/bin/env bash
# Installs what Clearway needs, once: npm packages, the Temporal CLI (dev server, built from the Go
# module proxy), the Temporal time-skipping test server (Maven Central), and with `--build` the
# compiled TypeScript. Every step is skipped when its result is already there, so a second run takes
# a second or two. Nothing here is downloaded at run time by the services themselves.
# Opt-in: `--temporal-server` (or CLEARWAY_TEMPORAL=server in the environment) also builds the
# production Temporal server, its SQL schema tool and the Temporal UI server (step 2b).
# Opt-in: `--s3-server` (or CLEARWAY_S3_SERVER=1) builds SeaweedFS, the S3-compatible server of the
# S3 archive test and of dev (step 2c).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
tools="$root/.tools"
TEMPORAL_CLI_VERSION="v1.5.1"
# v1.32.2 asks for Go 1.26.10; the machine's Go 1.26.8 fetches go1.27.3 from the module proxy
# (GOTOOLCHAIN). v1.30.8 is the newest that builds with plain 1.26.8 (docs/decisions.md).
TEMPORAL_SERVER_VERSION="v1.32.2"
TEMPORAL_SERVER_GOTOOLCHAIN="go1.27.3"
# The UI server the CLI v1.5.1 embeds: the same UI against either server.
TEMPORAL_UI_VERSION="v2.42.1"
# SeaweedFS (Apache-2.0) publishes no tagged module versions; this is one exact commit's pseudo-version.
SEAWEEDFS_VERSION="v0.0.0-20261109003541-7506e5f91cd6"
build=0
temporal_server=0
s3_server=0
[ "${CLEARWAY_TEMPORAL:-}" = "server" ] && temporal_server=1
[ "${CLEARWAY_S3_SERVER:-}" = "1" ] && s3_server=1
for arg in "$@"; do
  case "$arg" in
    --build) build=1 ;;
    --temporal-server) temporal_server=1 ;;
    --s3-server) s3_server=1 ;;
    *) printf '[ensure] unknown argument %s (expected --build, --temporal-server, --s3-server)\n' "$arg" >&2; exit 2 ;;
  esac
done
say() { printf '[ensure] %s\n' "$*" >&2; }
need() { command -v "$1" >/dev/null 2>&1 || { say "missing '$1': $2"; exit 1; }; }

# 1. npm packages: reinstall when the lock file changed since the last install.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  say "installing npm packages (npm ci)..."
  npm ci --no-audit --no-fund --loglevel=error >&2
fi

# 2. Temporal CLI (dev server with SQLite persistence and the web UI).
mkdir -p "$tools/bin"
# `go install` builds report version 0.0.0-DEV, so a stamp file records which version was built.
if [ ! -x "$tools/bin/temporal" ] || [ "$(cat "$tools/bin/.temporal-version" 2>/dev/null)" != "$TEMPORAL_CLI_VERSION" ]; then
  need go "install Go (https://go.dev) to build the Temporal CLI"
  say "building Temporal CLI ${TEMPORAL_CLI_VERSION} from the Go module proxy (first time only, a few minutes)..."
  GOBIN="$tools/bin" GOFLAGS="${GOFLAGS:-} -buildvcs=false" go install "github.com/temporalio/cli/cmd/temporal@${TEMPORAL_CLI_VERSION}" >&2
  echo "$TEMPORAL_CLI_VERSION" > "$tools/bin/.temporal-version"
fi

# 2b. Opt-in: the production Temporal server (`server`: frontend, history, matching and worker in one
# process) and its SQL tool (`sql`: carries the PostgreSQL schemas), for CLEARWAY_TEMPORAL=server;
# and the Temporal UI server (its `cmd/server` is also named `server`, so it is built aside and
# renamed). About 7 minutes on 2 cores the first time; the stamp file skips it afterwards.
server_stamp="$TEMPORAL_SERVER_VERSION $TEMPORAL_SERVER_GOTOOLCHAIN ui $TEMPORAL_UI_VERSION"
if [ "$temporal_server" = "1" ] && { [ ! -x "$tools/bin/temporal-server" ] || [ ! -x "$tools/bin/temporal-sql-tool" ] ||
  [ ! -x "$tools/bin/temporal-ui-server" ] || [ "$(cat "$tools/bin/.temporal-server-version" 2>/dev/null)" != "$server_stamp" ]; }; then
  need go "install Go (https://go.dev) to build the Temporal server"
  gobin="$(mktemp -d "$tools/build.XXXXXX")"
  t0=$(date +%s)
  say "building Temporal server ${TEMPORAL_SERVER_VERSION} and its SQL tool with ${TEMPORAL_SERVER_GOTOOLCHAIN} (first time only, about 7 minutes)..."
  # -x would flood; a heartbeat shows the build is alive while go prints nothing for minutes.
  ( while sleep 30; do say "  ... still building ($(( $(date +%s) - t0 )) s)"; done ) &
  beat=$!
  trap 'kill "$beat" 2>/dev/null || true; rm -rf "$gobin"' EXIT
  GOBIN="$gobin/server" GOTOOLCHAIN="$TEMPORAL_SERVER_GOTOOLCHAIN" GOFLAGS="${GOFLAGS:-} -buildvcs=false" \
    go install "go.temporal.io/server/cmd/server@${TEMPORAL_SERVER_VERSION}" "go.temporal.io/server/cmd/tools/sql@${TEMPORAL_SERVER_VERSION}" >&2
  say "building Temporal UI server ${TEMPORAL_UI_VERSION}..."
  GOBIN="$gobin/ui" GOFLAGS="${GOFLAGS:-} -buildvcs=false" go install "github.com/temporalio/ui-server/v2/cmd/server@${TEMPORAL_UI_VERSION}" >&2
  mv "$gobin/server/server" "$tools/bin/temporal-server"
  mv "$gobin/server/sql" "$tools/bin/temporal-sql-tool"
  mv "$gobin/ui/server" "$tools/bin/temporal-ui-server"
  echo "$server_stamp" > "$tools/bin/.temporal-server-version"
  kill "$beat" 2>/dev/null || true
  say "Temporal server built in $(( $(date +%s) - t0 )) s"
fi

# 2c. Opt-in: SeaweedFS (`weed`), a real S3-compatible server for the S3 archive store's test and for
# dev (tests/support/s3-server.ts). Its go.mod has replace directives, which `go install mod@version`
# refuses, so the module is fetched from the proxy and built in place as the main module.
if [ "$s3_server" = "1" ] && { [ ! -x "$tools/bin/weed" ] || [ "$(cat "$tools/bin/.weed-version" 2>/dev/null)" != "$SEAWEEDFS_VERSION" ]; }; then
  need go "install Go (https://go.dev) to build SeaweedFS"
  t0=$(date +%s)
  say "building SeaweedFS ${SEAWEEDFS_VERSION} (first time only, several minutes)..."
  ( while sleep 30; do say "  ... still building SeaweedFS ($(( $(date +%s) - t0 )) s)"; done ) &
  weed_beat=$!
  # Replaces step 2b's trap, so it also clears what that one would have.
  trap 'kill "$weed_beat" 2>/dev/null || true; rm -f "$tools/bin/weed.tmp"; [ -z "${gobin:-}" ] || rm -rf "$gobin"' EXIT
  src="$(go mod download -json "github.com/seaweedfs/seaweedfs@${SEAWEEDFS_VERSION}" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')"
  [ -d "$src" ] || { say "go mod download gave no source directory for SeaweedFS"; exit 1; }
  ( cd "$src" && GOFLAGS="${GOFLAGS:-} -buildvcs=false" go build -o "$tools/bin/weed.tmp" ./weed ) >&2
  kill "$weed_beat" 2>/dev/null || true
  mv "$tools/bin/weed.tmp" "$tools/bin/weed"
  echo "$SEAWEEDFS_VERSION" > "$tools/bin/.weed-version"
  say "SeaweedFS built in $(( $(date +%s) - t0 )) s"
fi

# 3. Time-skipping test server: the Java artifact and its runtime classpath, behind a wrapper.
tts_lib="$tools/temporal-test-server/lib"
tts_stamp="$tools/temporal-test-server/pom.sha"
pom_sha="$(sha256sum scripts/temporal-test-server/pom.xml | cut -d' ' -f1)"
if [ ! -x "$tools/bin/temporal-test-server" ] || [ "$(cat "$tts_stamp" 2>/dev/null)" != "$pom_sha" ]; then
  need java "install a Java 17+ runtime for the Temporal test server"
  need mvn "install Maven to fetch the Temporal test server from Maven Central"
  say "fetching Temporal test server from Maven Central..."
  rm -rf "$tts_lib" && mkdir -p "$tts_lib"
  mvn -q -B -Dstyle.color=never -f scripts/temporal-test-server/pom.xml dependency:copy-dependencies \
    -DoutputDirectory="$tts_lib" -DincludeScope=runtime >&2
  cat > "$tools/bin/temporal-test-server" <<WRAP
#!/usr/bin/env bash
# usage: temporal-test-server <port> [--enable-time-skipping]
here="\$(cd "\$(dirname "\$0")/.." && pwd)"
exec java -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -cp "\$here/temporal-test-server/lib/*" io.temporal.testserver.TestServer "\$@"
WRAP
  chmod +x "$tools/bin/temporal-test-server"
  echo "$pom_sha" > "$tts_stamp"
fi

# 3b. Chromium for the console browser test (tests/e2e/console.test.ts), driven by playwright-core:
# Debian's own package, never a browser downloaded by playwright. Skipped when already installed;
# installed with apt-get when running as root; otherwise say how and let that one test fail clearly.
if [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    say "installing Debian chromium for the browser test (apt-get, first time only)..."
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium >&2
  else
    say "chromium is missing: the console browser test will fail until it is installed:"
    say "  sudo apt-get update && sudo apt-get install -y --no-install-recommends chromium"
  fi
fi

# 4. Compiled TypeScript for the long-running processes (tests run from source through swc).
if [ "$build" = "1" ]; then
  # tsc never deletes the output of a removed or moved source file, and a stale dist/x.js shadows a
  # new dist/x/index.js; so the build starts clean whenever the set of source files changed.
  sources="$(find config contracts domain workflows activities apps scripts bench \( -name '*.ts' -o -name '*.json' \) 2>/dev/null | sort | sha256sum | cut -d' ' -f1)"
  if [ "$(cat dist/.sources 2>/dev/null)" != "$sources" ]; then rm -rf dist; fi
  say "compiling TypeScript..."
  npx tsc -p tsconfig.build.json >&2
  echo "$sources" > dist/.sources
fi
