#!/usr/bin/env bash
# `npm test`: provisions what the suite needs, then runs every check and test:
# typecheck, lint, format check, build, unit and integration tests (vitest, against a real
# radosgw) and end-to-end specs (Playwright in Debian's Chromium). Prints one closing line
# "tests: N passed, N failed[, N skipped]".
set -euo pipefail
cd "$(dirname "$0")/.."
export ELECTRON_SKIP_BINARY_DOWNLOAD=1
# The SDK's notice about its future Node 22 requirement, printed by every process, buries the output.
export AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED=true
# A folder of its own, so a developer's running test server is neither reused nor stopped.
export FERRY_S3_STATE_DIR="${FERRY_S3_STATE_DIR:-/tmp/ferry-s3-npm-test}"

step() { printf '\n== %s\n' "$*" >&2; }

# --- provisioning -----------------------------------------------------------------------
missing=()
if [ -z "${FERRY_TEST_S3_ENDPOINT:-}" ]; then
  for tool in radosgw ceph-mon ceph-osd; do command -v "$tool" >/dev/null || missing+=("$tool"); done
fi
[ -x /usr/bin/chromium ] || missing+=(chromium)
# The FTP source server of the stream tests (ferry stream ftp://...).
/usr/bin/python3 -c 'import pyftpdlib' 2>/dev/null || missing+=(python3-pyftpdlib)
# The TLS fronts (with a CA made per run), the HTTP and SOCKS proxies of the network tests (scripts/net-servers.sh).
for tool in stunnel4 tinyproxy openssl microsocks; do command -v "$tool" >/dev/null || missing+=("$tool"); done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    step "installing ${missing[*]} with apt-get"
    apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
  else
    cat >&2 <<MSG
npm test needs: ${missing[*]}
  Debian/Ubuntu: sudo apt-get install --no-install-recommends ${missing[*]}
  Or run the S3 tests against another server (MinIO, AWS) by setting
  FERRY_TEST_S3_ENDPOINT, FERRY_TEST_S3_ACCESS_KEY and FERRY_TEST_S3_SECRET_KEY,
  and install Chromium at /usr/bin/chromium for the end-to-end specs.
MSG
    exit 1
  fi
fi

# --- static checks and build ------------------------------------------------------------
step "typecheck";  npm run -s typecheck
step "lint";       npm run -s lint
step "format";     npm run -s format:check
step "build";      npm run -s build >/dev/null

# --- the S3 server, once for the whole run ------------------------------------------------
results=$(mktemp -d)
started_s3=""
cleanup() {
  if [ -n "$started_s3" ]; then bash scripts/s3-server.sh stop >&2 || true; fi
  rm -rf "$results"
}
trap cleanup EXIT
if [ -z "${FERRY_TEST_S3_ENDPOINT:-}" ]; then
  step "starting radosgw"
  env_lines=$(bash scripts/s3-server.sh start)
  # One that was running already (a developer's on the same state folder) stays up after.
  grep -qx 'FERRY_TEST_S3_REUSED=1' <<<"$env_lines" || started_s3=1
  while IFS='=' read -r name value; do
    case "$name" in FERRY_TEST_S3_*) export "$name=$value" ;; esac
  done <<<"$env_lines"
fi
echo "S3 endpoint: $FERRY_TEST_S3_ENDPOINT" >&2

# --- tests ----------------------------------------------------------------------------------
status=0
step "unit and integration tests (vitest)"
vitest_status=0
npx vitest run --reporter=default --reporter=json --outputFile.json="$results/vitest.json" || vitest_status=$?
[ "$vitest_status" = 0 ] || status=1
step "end-to-end tests (Playwright, Chromium)"
playwright_status=0
PLAYWRIGHT_JSON_OUTPUT_NAME="$results/playwright.json" npx playwright test --reporter=list,json || playwright_status=$?
[ "$playwright_status" = 0 ] || status=1

node scripts/test-summary.mjs "$results/vitest.json" "$vitest_status" "$results/playwright.json" "$playwright_status"
exit $status
