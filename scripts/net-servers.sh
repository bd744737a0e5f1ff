#!/usr/bin/env bash
# The network around the test S3 server, for Ferry's tests: TLS fronts signed by a certificate
# authority made for this run, real HTTP proxies and a SOCKS5 proxy.
#
#   bash scripts/net-servers.sh start    # start (or reuse) them, print env lines
#   bash scripts/net-servers.sh stop     # stop them (always exits 0)
#   bash scripts/net-servers.sh status   # exit 0 if running, else 1
#
# `start` needs FERRY_TEST_S3_ENDPOINT (http://HOST:PORT, the server scripts/s3-server.sh starts)
# and prints these lines on stdout (also written to $STATE_DIR/env):
#   FERRY_TEST_CA_DIR=DIR                   ca.pem (the authority), and the certificates below
#   FERRY_TEST_TLS_ENDPOINT=https://127.0.0.1:PORT             good certificate (server.pem)
#   FERRY_TEST_TLS_WRONG_HOST_ENDPOINT=https://127.0.0.1:PORT  certificate for wrong-host.invalid
#   FERRY_TEST_TLS_EXPIRED_ENDPOINT=https://127.0.0.1:PORT     certificate that expired
#   FERRY_TEST_PROXY=http://127.0.0.1:PORT                     tinyproxy
#   FERRY_TEST_PROXY_LOG=FILE                                  its log, one line per request
#   FERRY_TEST_PROXY_STRICT=http://127.0.0.1:PORT              tinyproxy allowing CONNECT to 443 only
#   FERRY_TEST_PROXY_AUTH=http://127.0.0.1:PORT                tinyproxy asking for ferry:proxy-secret
#   FERRY_TEST_SOCKS=socks5://127.0.0.1:PORT                   microsocks, a SOCKS5 proxy
#   FERRY_TEST_SOCKS_LOG=FILE                                  its log, one line per connection
# All three TLS fronts (stunnel) pass the bytes on to FERRY_TEST_S3_ENDPOINT.
#
# Environment: FERRY_NET_STATE_DIR (default: $FERRY_S3_STATE_DIR-net, else /tmp/ferry-s3-net),
# wiped on start. Exit codes: 0 ok, 1 failed, 2 usage, 3 packages missing and not root.
set -euo pipefail

STATE_DIR="${FERRY_NET_STATE_DIR:-${FERRY_S3_STATE_DIR:-/tmp/ferry-s3}-net}"
[[ $STATE_DIR == /* ]] || STATE_DIR="$PWD/$STATE_DIR"
CA_DIR="$STATE_DIR/ca"
ENV_FILE="$STATE_DIR/env"
MARKER="$STATE_DIR/.ferry-net-state"
PACKAGES=(stunnel4 tinyproxy openssl microsocks)
COMMANDS=(stunnel4 tinyproxy openssl microsocks)
DAEMONS=(stunnel proxy strict auth socks)

log() { printf 'net-servers: %s\n' "$*" >&2; }
die() {
  log "error: $*"
  exit 1
}

port_in_use() { timeout 2 bash -c "exec 3<>/dev/tcp/127.0.0.1/$1" 2>/dev/null; }

# The first free port from $1 not already handed out in this run.
TAKEN=" "
pick_port() {
  local p=$1
  for (( ; p < $1 + 500; p++)); do
    [[ $TAKEN == *" $p "* ]] && continue
    port_in_use "$p" && continue
    TAKEN+="$p "
    echo "$p"
    return 0
  done
  return 1
}

pid_is_ours() {
  local pid=$1
  [[ $pid =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF "$STATE_DIR/"
}

read_pid() { cat "$STATE_DIR/$1.pid" 2>/dev/null || true; }

stop_all() {
  local d pid
  for d in "${DAEMONS[@]}"; do
    pid=$(read_pid "$d")
    if pid_is_ours "$pid"; then
      kill -TERM "$pid" 2>/dev/null || true
      for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      kill -KILL "$pid" 2>/dev/null || true
    fi
    rm -f "$STATE_DIR/$d.pid"
  done
}

is_running() {
  local d
  [[ -f $ENV_FILE ]] || return 1
  for d in "${DAEMONS[@]}"; do pid_is_ours "$(read_pid "$d")" || return 1; done
}

ensure_packages() {
  local c missing=()
  for c in "${COMMANDS[@]}"; do command -v "$c" >/dev/null 2>&1 || missing+=("$c"); done
  ((${#missing[@]} == 0)) && return 0
  if [[ $(id -u) != 0 ]] || ! command -v apt-get >/dev/null 2>&1; then
    log "missing commands: ${missing[*]}; install them first (Debian 12 / Ubuntu):"
    log "    sudo apt-get install -y --no-install-recommends ${PACKAGES[*]}"
    exit 3
  fi
  log "installing ${PACKAGES[*]} (missing: ${missing[*]})"
  export DEBIAN_FRONTEND=noninteractive
  local apt_opts=(-o DPkg::Lock::Timeout=300 -o Acquire::Retries=3)
  apt-get "${apt_opts[@]}" install -y --no-install-recommends "${PACKAGES[@]}" >&2 || {
    apt-get "${apt_opts[@]}" update >&2 || true
    apt-get "${apt_opts[@]}" install -y --no-install-recommends "${PACKAGES[@]}" >&2 || die "could not install ${PACKAGES[*]}"
  }
}

# A certificate for $1 (file stem) with subjectAltName $2, signed by the run's CA, valid $3 days
# (-1: expired a day before it was issued).
issue() {
  local stem=$1 san=$2 days=$3
  openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$CA_DIR/$stem.key" \
    -out "$CA_DIR/$stem.csr" -subj "/CN=$stem" 2>>"$STATE_DIR/openssl.log"
  printf 'subjectAltName=%s\nextendedKeyUsage=serverAuth\n' "$san" >"$CA_DIR/$stem.ext"
  openssl x509 -req -in "$CA_DIR/$stem.csr" -CA "$CA_DIR/ca.pem" -CAkey "$CA_DIR/ca.key" \
    -CAcreateserial -days "$days" -extfile "$CA_DIR/$stem.ext" -out "$CA_DIR/$stem.pem" 2>>"$STATE_DIR/openssl.log"
}

make_ca() {
  mkdir -p "$CA_DIR"
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$CA_DIR/ca.key" \
    -out "$CA_DIR/ca.pem" -days 2 -subj "/CN=Ferry test CA $(date -u +%Y%m%dT%H%M%S)-$RANDOM" \
    -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign \
    2>>"$STATE_DIR/openssl.log" || die "openssl could not make the CA"
  issue server 'IP:127.0.0.1,DNS:localhost' 2 || die "openssl could not issue server.pem"
  issue wrong-host 'DNS:wrong-host.invalid' 2 || die "openssl could not issue wrong-host.pem"
  issue expired 'IP:127.0.0.1,DNS:localhost' -1 || die "openssl could not issue expired.pem"
}

# tinyproxy in the foreground: $1 name, $2 port, then extra config lines.
start_proxy() {
  local name=$1 port=$2 conf="$STATE_DIR/$1.conf"
  shift 2
  {
    echo "Port $port"
    echo "Listen 127.0.0.1"
    echo "Allow 127.0.0.1"
    echo "Timeout 600"
    echo "MaxClients 200"
    echo "LogFile \"$STATE_DIR/$name.log\""
    echo "LogLevel Connect"
    # Dropping to another user (tinyproxy does as root) would lose the log folder.
    [[ $(id -u) == 0 ]] && echo "User root" && echo "Group root"
    printf '%s\n' "$@"
  } >"$conf"
  setsid tinyproxy -d -c "$conf" </dev/null >>"$STATE_DIR/$name.out" 2>&1 &
  echo $! >"$STATE_DIR/$name.pid"
}

wait_port() {
  local i
  for ((i = 0; i < 100; i++)); do
    port_in_use "$1" && return 0
    sleep 0.1
  done
  die "nothing listens on 127.0.0.1:$1 ($2); see $STATE_DIR/*.out and *.log"
}

cmd_start() {
  if is_running; then
    log "already running (state: $STATE_DIR)"
    cat "$ENV_FILE"
    return 0
  fi
  local upstream=${FERRY_TEST_S3_ENDPOINT:-}
  [[ $upstream =~ ^http://([^/:]+):([0-9]+)/?$ ]] ||
    die "FERRY_TEST_S3_ENDPOINT must be http://HOST:PORT (start scripts/s3-server.sh first), not '$upstream'"
  local up_host=${BASH_REMATCH[1]} up_port=${BASH_REMATCH[2]}
  ensure_packages
  stop_all
  if [[ -e $STATE_DIR ]]; then
    [[ -e $MARKER || -z $(ls -A "$STATE_DIR" 2>/dev/null) ]] || die "$STATE_DIR was not made by this script; refusing to wipe it"
    rm -rf "$STATE_DIR"
  fi
  mkdir -p "$STATE_DIR" && : >"$MARKER"
  make_ca

  local tls wrong expired proxy strict auth socks
  tls=$(pick_port 7443) && wrong=$(pick_port 7543) && expired=$(pick_port 7643) &&
    proxy=$(pick_port 8888) && strict=$(pick_port 8988) && auth=$(pick_port 9088) &&
    socks=$(pick_port 9188) || die "no free ports"
  cat >"$STATE_DIR/stunnel.conf" <<EOF
foreground = yes
pid =
output = $STATE_DIR/stunnel.log
debug = notice
[good]
accept = 127.0.0.1:$tls
connect = $up_host:$up_port
cert = $CA_DIR/server.pem
key = $CA_DIR/server.key
[wrong-host]
accept = 127.0.0.1:$wrong
connect = $up_host:$up_port
cert = $CA_DIR/wrong-host.pem
key = $CA_DIR/wrong-host.key
[expired]
accept = 127.0.0.1:$expired
connect = $up_host:$up_port
cert = $CA_DIR/expired.pem
key = $CA_DIR/expired.key
EOF
  setsid stunnel4 "$STATE_DIR/stunnel.conf" </dev/null >>"$STATE_DIR/stunnel.out" 2>&1 &
  echo $! >"$STATE_DIR/stunnel.pid"
  start_proxy proxy "$proxy"
  # Without ConnectPort lines tinyproxy tunnels to any port; with one, only there.
  start_proxy strict "$strict" "ConnectPort 443"
  start_proxy auth "$auth" "BasicAuth ferry proxy-secret"
  # microsocks logs "client[N] IP: connected to HOST:PORT" per connection on stderr. Its name
  # (argv[0]) carries the state folder, as the others' arguments do, so that stop finds it ours.
  setsid bash -c 'exec -a "$0/socks/microsocks" microsocks -i 127.0.0.1 -p "$1"' "$STATE_DIR" "$socks" \
    </dev/null >>"$STATE_DIR/socks.log" 2>&1 &
  echo $! >"$STATE_DIR/socks.pid"
  wait_port "$tls" stunnel
  wait_port "$proxy" tinyproxy
  wait_port "$strict" tinyproxy
  wait_port "$auth" tinyproxy
  wait_port "$socks" microsocks
  {
    echo "FERRY_TEST_CA_DIR=$CA_DIR"
    echo "FERRY_TEST_TLS_ENDPOINT=https://127.0.0.1:$tls"
    echo "FERRY_TEST_TLS_WRONG_HOST_ENDPOINT=https://127.0.0.1:$wrong"
    echo "FERRY_TEST_TLS_EXPIRED_ENDPOINT=https://127.0.0.1:$expired"
    echo "FERRY_TEST_PROXY=http://127.0.0.1:$proxy"
    echo "FERRY_TEST_PROXY_LOG=$STATE_DIR/proxy.log"
    echo "FERRY_TEST_PROXY_STRICT=http://127.0.0.1:$strict"
    echo "FERRY_TEST_PROXY_AUTH=http://127.0.0.1:$auth"
    echo "FERRY_TEST_SOCKS=socks5://127.0.0.1:$socks"
    echo "FERRY_TEST_SOCKS_LOG=$STATE_DIR/socks.log"
  } >"$ENV_FILE"
  log "TLS front on 127.0.0.1:$tls, proxy on 127.0.0.1:$proxy (state: $STATE_DIR)"
  cat "$ENV_FILE"
}

case "${1:-}" in
  start) cmd_start ;;
  stop) stop_all && log "stopped" ;;
  status) is_running ;;
  *)
    echo "usage: $0 start|stop|status" >&2
    exit 2
    ;;
esac
