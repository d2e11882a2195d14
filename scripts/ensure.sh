#!/usr/bin/env bash
# Installs what Clearway needs, once: npm packages, the Temporal CLI (dev server, built from the Go
# module proxy), the Temporal time-skipping test server (Maven Central), and with `--build` the
# compiled TypeScript. Every step is skipped when its result is already there, so a second run takes
# a second or two. Nothing here is downloaded at run time by the services themselves.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
tools="$root/.tools"
TEMPORAL_CLI_VERSION="v1.5.1"
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
if [ "${1:-}" = "--build" ]; then
  # tsc never deletes the output of a removed or moved source file, and a stale dist/x.js shadows a
  # new dist/x/index.js; so the build starts clean whenever the set of source files changed.
  sources="$(find config contracts domain workflows activities apps scripts bench \( -name '*.ts' -o -name '*.json' \) 2>/dev/null | sort | sha256sum | cut -d' ' -f1)"
  if [ "$(cat dist/.sources 2>/dev/null)" != "$sources" ]; then rm -rf dist; fi
  say "compiling TypeScript..."
  npx tsc -p tsconfig.build.json >&2
  echo "$sources" > dist/.sources
fi
