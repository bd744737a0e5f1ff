#!/usr/bin/env bash
# Throwaway single-node Ceph RADOS Gateway (S3) on 127.0.0.1 for Ferry's tests.
#
#   bash scripts/s3-server.sh start    # start (or reuse) the server, print env lines
#   bash scripts/s3-server.sh stop     # stop it (always exits 0)
#   bash scripts/s3-server.sh status   # exit 0 if running and answering, else 1
#
# `start` prints exactly these lines on stdout (and writes them to $STATE_DIR/env):
#   FERRY_TEST_S3_ENDPOINT=http://127.0.0.1:PORT
#   FERRY_TEST_S3_ACCESS_KEY=...
#   FERRY_TEST_S3_SECRET_KEY=...
#   FERRY_TEST_S3_REGION=us-east-1
#   FERRY_TEST_S3_KMS_KEY_IDS=ferry-kms-a,ferry-kms-b,ferry-test-key   (SSE-KMS key ids radosgw knows)
# All progress and error messages go to stderr.
#
# The cluster is one ceph-mon (msgr v1 only), one ceph-osd on memstore (data lives
# in RAM) and one radosgw, all running as the current user, without systemd, with
# every file (config, data, logs, sockets, pid files) inside the state dir. Nothing
# in /etc/ceph or /var/lib/ceph is read or written.
#
# Environment:
#   FERRY_S3_STATE_DIR      state dir, wiped on start        (default /tmp/ferry-s3)
#   FERRY_S3_PORT           preferred S3 port; the next free one is used if busy
#                                                               (default 7480)
#   FERRY_S3_MON_PORT       preferred ceph-mon port (same rule) (default 6789)
#   FERRY_S3_START_TIMEOUT  seconds allowed for the cluster to come up (default 60)
#   FERRY_S3_MEMSTORE_BYTES capacity of the in-memory OSD     (default 16 GiB)
#   FERRY_S3_LC_DEBUG_INTERVAL  if set, `rgw lc debug interval` (a lifecycle "day"
#                           lasts this many seconds)         (default unset)
#
# Exit codes: 0 ok, 1 failed to start, 2 usage, 3 Ceph packages missing and not root.

set -euo pipefail

STATE_DIR="${FERRY_S3_STATE_DIR:-/tmp/ferry-s3}"
[[ $STATE_DIR == /* ]] || STATE_DIR="$PWD/$STATE_DIR"
while [[ $STATE_DIR == */ && $STATE_DIR != / ]]; do STATE_DIR=${STATE_DIR%/}; done
WANT_PORT="${FERRY_S3_PORT:-7480}"
WANT_MON_PORT="${FERRY_S3_MON_PORT:-6789}"
START_TIMEOUT="${FERRY_S3_START_TIMEOUT:-60}"
# A count, not a reservation: memory is taken only as data is written. The count does not come
# down with deletes, and the whole test suite writes more than 4 GiB; a full OSD drops every
# write (its "full" failsafe) and every test after it fails. 16 GiB is what the bench runner
# uses too (scripts/bench/servers.mjs: a 64 GiB count fails at once).
MEMSTORE_BYTES="${FERRY_S3_MEMSTORE_BYTES:-17179869184}"
LC_DEBUG_INTERVAL="${FERRY_S3_LC_DEBUG_INTERVAL:-}"

CLUSTER=ferry
CONF="$STATE_DIR/ceph.conf"
PID_DIR="$STATE_DIR/pids"
LOG_DIR="$STATE_DIR/log"
ENV_FILE="$STATE_DIR/env"
# Marks a directory this script may wipe.
MARKER="$STATE_DIR/.ferry-s3-state"
# Serialises start/stop; lives outside the state dir because that gets wiped.
LOCK_FILE="$STATE_DIR.lock"
START_LOCK_FILE="${TMPDIR:-/tmp}/ferry-s3-start.lock"
# Stop order: gateway first, monitor last.
DAEMONS=(rgw osd mon)

ACCESS_KEY="FERRYTESTACCESSKEY00"
SECRET_KEY="ferryTestSecretKey0000000000000000000000"
REGION="us-east-1"
S3_USER="ferry"
# SSE-KMS through radosgw's "testing" backend: key ids and their AES-256 keys live in the
# config. ferry-test-key is KMS_TEST_KEY_ID in test/support/s3.ts; the others are listed to the
# tests in FERRY_TEST_S3_KMS_KEY_IDS. SSE-C needs no set-up beyond `rgw crypt require ssl = false`.
KMS_KEY_IDS=(ferry-kms-a ferry-kms-b ferry-test-key)

PACKAGES=(radosgw ceph-mon ceph-osd)
# Commands we need, all provided by PACKAGES and their dependencies.
COMMANDS=(radosgw radosgw-admin ceph-mon ceph-osd ceph monmaptool)

log() { printf 's3-server: %s\n' "$*" >&2; }
die() {
  log "error: $*"
  exit 1
}

# ---------------------------------------------------------------------------
# helpers

# True if something accepts TCP connections on 127.0.0.1:$1.
port_in_use() {
  timeout 2 bash -c "exec 3<>/dev/tcp/127.0.0.1/$1" 2>/dev/null
}

# Prints the first free port in [$1, $1+200), skipping $2 if given.
pick_port() {
  local p=$1 skip=${2:-}
  local last=$((p + 200))
  for (( ; p < last && p <= 65535; p++)); do
    [[ $p == "$skip" ]] && continue
    if ! port_in_use "$p"; then
      echo "$p"
      return 0
    fi
  done
  return 1
}

# True if an HTTP server answers on 127.0.0.1:$1.
http_answers() {
  local port=$1 code
  if command -v curl >/dev/null 2>&1; then
    code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 3 "http://127.0.0.1:$port/" 2>/dev/null) || true
    [[ $code =~ ^[1-5][0-9][0-9]$ ]]
  else
    timeout 3 bash -c '
      exec 3<>"/dev/tcp/127.0.0.1/$1" || exit 1
      printf "GET / HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n" >&3
      IFS= read -r line <&3 && [[ $line == HTTP/* ]]' _ "$port" 2>/dev/null
  fi
}

# True if pid $1 is alive and is one of our daemons (guards against pid reuse).
pid_is_ours() {
  local pid=$1 cmdline
  [[ $pid =~ ^[0-9]+$ ]] || return 1
  kill -0 "$pid" 2>/dev/null || return 1
  cmdline=$(tr '\0' ' ' 2>/dev/null <"/proc/$pid/cmdline") || return 1
  [[ $cmdline == *"--conf $CONF "* ]]
}

read_pid() { cat "$PID_DIR/$1.pid" 2>/dev/null || true; }

env_port() {
  local line
  line=$(grep -m1 '^FERRY_TEST_S3_ENDPOINT=' "$ENV_FILE" 2>/dev/null) || return 1
  line=${line##*:}
  [[ $line =~ ^[0-9]+$ ]] || return 1
  echo "$line"
}

is_running() {
  local d port
  [[ -f $ENV_FILE ]] || return 1
  for d in "${DAEMONS[@]}"; do
    pid_is_ours "$(read_pid "$d")" || return 1
  done
  port=$(env_port) || return 1
  http_answers "$port"
}

# Processes other than the recorded daemons that were started against this state
# dir's config (e.g. a radosgw-admin or ceph CLI call left over from a failed start).
stray_pids() {
  local d pid cmdline daemon_pids=" "
  for d in "${DAEMONS[@]}"; do daemon_pids+="$(read_pid "$d") "; done
  for d in /proc/[0-9]*; do
    pid=${d#/proc/}
    [[ $pid == "$$" || $pid == "$BASHPID" || $daemon_pids == *" $pid "* ]] && continue
    cmdline=$(tr '\0' ' ' 2>/dev/null <"$d/cmdline") || continue
    [[ $cmdline == *"--conf $CONF "* ]] && echo "$pid"
  done
  return 0
}

# True if $1 is alive and not a zombie.
alive() {
  kill -0 "$1" 2>/dev/null || return 1
  local state
  state=$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null) || return 1
  [[ $state != Z ]]
}

# SIGTERM the given pids, wait up to 5 s, then SIGKILL whatever is left.
terminate() {
  (($# == 0)) && return 0
  local pid i left
  kill -TERM "$@" 2>/dev/null || true
  for ((i = 0; i < 50; i++)); do
    left=0
    for pid in "$@"; do alive "$pid" && left=1; done
    ((left == 0)) && return 0
    sleep 0.1
  done
  for pid in "$@"; do
    if alive "$pid"; then
      log "pid $pid did not exit after SIGTERM, sending SIGKILL"
      kill -KILL "$pid" 2>/dev/null || true
    fi
  done
  for ((i = 0; i < 30; i++)); do
    left=0
    for pid in "$@"; do alive "$pid" && left=1; done
    ((left == 0)) && return 0
    sleep 0.1
  done
  log "warning: could not kill pid(s): $*"
}

# Stops in order: stray CLI calls and radosgw, then the OSD, then the monitor
# (an OSD whose monitor is already gone waits several seconds before exiting).
stop_cluster() {
  local d pid pids=() stopped=()
  mapfile -t pids < <(stray_pids)
  for d in "${DAEMONS[@]}"; do
    pid=$(read_pid "$d")
    pid_is_ours "$pid" && pids+=("$pid")
    if ((${#pids[@]} > 0)); then
      stopped+=("${pids[@]}")
      terminate "${pids[@]}"
    fi
    pids=()
  done
  ((${#stopped[@]} > 0)) && log "stopped ceph processes: ${stopped[*]}"
  rm -f "$PID_DIR"/*.pid 2>/dev/null || true
}

print_env() { cat "$ENV_FILE"; }

show_logs() {
  local f
  for f in "$LOG_DIR"/*; do
    [[ -s $f ]] || continue
    printf '\n----- tail of %s -----\n' "$f" >&2
    tail -n 25 "$f" >&2
  done
}

# ---------------------------------------------------------------------------
# packages

ensure_packages() {
  local c missing=()
  for c in "${COMMANDS[@]}"; do
    command -v "$c" >/dev/null 2>&1 || missing+=("$c")
  done
  ((${#missing[@]} == 0)) && return 0

  if [[ $(id -u) != 0 ]]; then
    {
      echo "s3-server: missing commands: ${missing[*]}"
      echo "s3-server: install the Ceph packages first (Debian 12 / Ubuntu):"
      echo "    sudo apt-get install -y --no-install-recommends ${PACKAGES[*]}"
      echo "s3-server: or use another S3 server by setting FERRY_TEST_S3_ENDPOINT,"
      echo "s3-server: FERRY_TEST_S3_ACCESS_KEY and FERRY_TEST_S3_SECRET_KEY"
      echo "s3-server: (and optionally FERRY_TEST_S3_REGION)."
    } >&2
    exit 3
  fi

  command -v apt-get >/dev/null 2>&1 ||
    die "missing commands (${missing[*]}) and no apt-get; install ${PACKAGES[*]} (Ceph 16+) or set FERRY_TEST_S3_ENDPOINT/FERRY_TEST_S3_ACCESS_KEY/FERRY_TEST_S3_SECRET_KEY"

  log "installing ${PACKAGES[*]} (missing: ${missing[*]})"
  export DEBIAN_FRONTEND=noninteractive
  # Wait (rather than fail) if another apt/dpkg holds the locks.
  local apt_opts=(-o DPkg::Lock::Timeout=300 -o Acquire::Retries=3)
  local lists
  lists=$(find /var/lib/apt/lists -maxdepth 1 -name '*_Packages*' 2>/dev/null | head -n1)
  if [[ -z $lists ]]; then
    apt-get "${apt_opts[@]}" update >&2 || log "apt-get update failed (continuing)"
  fi
  if ! apt-get "${apt_opts[@]}" install -y --no-install-recommends "${PACKAGES[@]}" >&2; then
    log "apt-get install failed; running apt-get update and retrying"
    apt-get "${apt_opts[@]}" update >&2 || true
    apt-get "${apt_opts[@]}" install -y --no-install-recommends "${PACKAGES[@]}" >&2 ||
      die "could not install ${PACKAGES[*]}"
  fi
  for c in "${COMMANDS[@]}"; do
    command -v "$c" >/dev/null 2>&1 || die "'$c' still missing after installing ${PACKAGES[*]}"
  done
}

# ---------------------------------------------------------------------------
# cluster

DEADLINE=0
remaining() {
  local r=$((DEADLINE - SECONDS))
  ((r < 1)) && r=1
  echo "$r"
}

fail_start() {
  log "error: $*"
  show_logs
  log "state dir kept for inspection: $STATE_DIR"
  stop_cluster
  exit 1
}

# Runs a ceph CLI command, retried: with auth disabled the CLI sometimes sends its
# first command before it has processed the monmap, i.e. with a zero fsid, and
# the monitor rejects it ("wrong fsid" / "problem getting command descriptions").
# All commands used here are idempotent.
ceph_cli() {
  local try
  for try in 1 2 3; do
    timeout "$(remaining)" ceph --conf "$CONF" --cluster "$CLUSTER" --connect-timeout 10 "$@" \
      2>>"$LOG_DIR/cli.err" && return 0
    ((SECONDS >= DEADLINE)) && return 1
    sleep 0.2
  done
  return 1
}

# Runs "$@" as a detached daemon whose stdio goes to $LOG_DIR/$name.out.
launch() {
  local name=$1
  shift
  # New session: not killed with the caller's process group or terminal. Closing
  # fds 8 and 9 keeps the daemon from holding the start/stop locks.
  setsid "$@" </dev/null >>"$LOG_DIR/$name.out" 2>&1 8>&- 9>&- &
  echo $! >"$PID_DIR/$name.pid"
}

check_alive() {
  pid_is_ours "$(read_pid "$1")" || fail_start "ceph $1 daemon exited"
}

# "ID=<base64 of 32 bytes> ..." for every id in KMS_KEY_IDS. Each key is derived from its id,
# the same at every start, so objects written before a restart of the server still read.
kms_keys() {
  local id keys=()
  for id in "${KMS_KEY_IDS[@]}"; do
    keys+=("$id=$(printf 'ferry test kms key %s' "$id" | sha256sum | head -c 32 | base64 -w0)")
  done
  echo "${keys[*]}"
}

write_conf() {
  local fsid=$1 mon_port=$2 port=$3
  # The OSD binds to the first free port in its range; keep the S3 port (picked
  # now, bound only when radosgw starts) out of that range.
  local osd_port_min=6800 osd_port_max=7300
  if ((port >= osd_port_min && port <= osd_port_max)); then
    osd_port_min=$((port + 1)) osd_port_max=$((port + 501))
  fi
  # Lifecycle worker threads sleep in 5 s steps and make radosgw slow to stop;
  # they only run when asked for.
  local lc="rgw enable lc threads = false"
  [[ -n $LC_DEBUG_INTERVAL ]] && lc="rgw lc debug interval = $LC_DEBUG_INTERVAL"
  cat >"$CONF" <<EOF
# Generated by scripts/s3-server.sh; throwaway single-node test cluster.
[global]
fsid = $fsid
mon host = [v1:127.0.0.1:$mon_port]
mon initial members = a
public addr = 127.0.0.1
cluster addr = 127.0.0.1
ms bind msgr2 = false
ms bind ipv6 = false

auth cluster required = none
auth service required = none
auth client required = none
keyring = $STATE_DIR/keyring

run dir = $STATE_DIR/run
admin socket = $STATE_DIR/run/\$cluster-\$name.asok
pid file = $STATE_DIR/run/\$cluster-\$name.pid
log file = $LOG_DIR/\$cluster-\$name.log
log to stderr = false
err to stderr = false
log to syslog = false
log to journald = false
mon cluster log file = $LOG_DIR/\$cluster.log
crash dir = $STATE_DIR/crash

osd pool default size = 1
osd pool default min size = 1
osd pool default pg num = 8
osd pool default pgp num = 8
osd pool default pg autoscale mode = off
osd crush chooseleaf type = 0
mon allow pool size one = true
mon allow pool delete = true
mon max pg per osd = 1000
mon warn on pool no redundancy = false
# CI disks can be fairly full; the mon refuses to run below mon_data_avail_crit.
mon data avail crit = 1
mon data avail warn = 2
mon warn on insecure global id reclaim = false
mon warn on insecure global id reclaim allowed = false
# Commit monitor updates quickly (default 1 s per proposal): radosgw creates its
# pools one monitor command at a time, so this cuts cold start by several seconds.
paxos propose interval = 0.05
paxos min wait = 0.01

[mon]
# Fail fast (instead of 3 tries 5 s apart) if the port was taken meanwhile.
ms bind retry count = 1
mon data = $STATE_DIR/mon/\$cluster-\$id

[osd]
ms bind port min = $osd_port_min
ms bind port max = $osd_port_max
osd data = $STATE_DIR/osd/\$cluster-\$id
osd objectstore = memstore
memstore device bytes = $MEMSTORE_BYTES
# With auth disabled, an OSD can send its start-up monitor commands before it has
# processed the monmap, i.e. with a zero fsid, which the monitor rejects ("wrong
# fsid") and the OSD exits. So it sends none: the script places it in the CRUSH map.
osd crush update on start = false
osd class update on start = false

[client]
rgw data = $STATE_DIR/rgw/\$cluster-\$id
rgw dns name = localhost
rgw enable usage log = false
rgw enable ops log = false
rgw crypt require ssl = false
# SSE-KMS for tests through radosgw's "testing" backend (radosgw refuses CopyObject of encrypted
# objects, and the tests prove what Ferry does about it).
rgw crypt s3 kms backend = testing
rgw crypt s3 kms encryption keys = $(kms_keys)
rgw init timeout = $START_TIMEOUT
$lc

[client.rgw.ferry]
rgw frontends = beast endpoint=127.0.0.1:$port
EOF
}

# True if $STATE_DIR may be wiped: created by this script, or an empty directory.
ours_to_wipe() {
  [[ -d $STATE_DIR && ! -L $STATE_DIR ]] || return 1
  [[ -e $MARKER ]] && return 0
  grep -qs '^# Generated by scripts/s3-server.sh' "$CONF" && return 0
  [[ -z $(ls -A "$STATE_DIR" 2>/dev/null) ]]
}

start_cluster() {
  local port mon_port fsid osd_uuid osd_id attempt out start_time=$SECONDS

  # Kill anything left from a previous run of this state dir before wiping it.
  stop_cluster
  if [[ -e $STATE_DIR ]] && ! ours_to_wipe; then
    die "$STATE_DIR exists and was not created by this script; refusing to wipe it (set FERRY_S3_STATE_DIR)"
  fi
  rm -rf "$STATE_DIR"
  mkdir -p "$STATE_DIR"/{mon,osd,rgw,run,crash} "$PID_DIR" "$LOG_DIR" ||
    die "cannot create $STATE_DIR"
  : >"$MARKER"

  port=$(pick_port "$WANT_PORT") || die "no free port near $WANT_PORT"
  [[ $port != "$WANT_PORT" ]] && log "port $WANT_PORT is busy, using $port"
  mon_port=$(pick_port "$WANT_MON_PORT" "$port") || die "no free port near $WANT_MON_PORT"
  [[ $mon_port != "$WANT_MON_PORT" ]] && log "mon port $WANT_MON_PORT is busy, using $mon_port"

  fsid=$(cat /proc/sys/kernel/random/uuid)
  osd_uuid=$(cat /proc/sys/kernel/random/uuid)
  DEADLINE=$((SECONDS + START_TIMEOUT))
  log "creating cluster in $STATE_DIR (mon port $mon_port, S3 port $port)"

  # --- monitor (retried on another port if its port was taken in the meantime)
  for attempt in 1 2 3; do
    write_conf "$fsid" "$mon_port" "$port"
    rm -rf "$STATE_DIR/mon" && mkdir -p "$STATE_DIR/mon"
    monmaptool --create --clobber --fsid "$fsid" --addv a "[v1:127.0.0.1:$mon_port]" \
      "$STATE_DIR/monmap" >>"$LOG_DIR/mkfs.out" 2>&1 || fail_start "monmaptool failed"
    ceph-mon --conf "$CONF" --cluster "$CLUSTER" -i a --mkfs --monmap "$STATE_DIR/monmap" \
      >>"$LOG_DIR/mkfs.out" 2>&1 || fail_start "ceph-mon --mkfs failed"
    log "starting ceph-mon"
    launch mon ceph-mon --conf "$CONF" --cluster "$CLUSTER" -i a -f
    while ! { port_in_use "$mon_port" && ceph_cli mon stat >/dev/null; }; do
      pid_is_ours "$(read_pid mon)" || break
      ((SECONDS >= DEADLINE)) && fail_start "timed out after ${START_TIMEOUT}s waiting for ceph-mon"
      sleep 0.2
    done
    pid_is_ours "$(read_pid mon)" && break
    if ((attempt < 3)) && grep -qs 'Address already in use' "$LOG_DIR/$CLUSTER-mon.a.log"; then
      mon_port=$(pick_port $((mon_port + 1)) "$port") || fail_start "no free port for ceph-mon"
      log "ceph-mon could not bind its port, retrying on $mon_port"
      mv "$LOG_DIR/$CLUSTER-mon.a.log" "$LOG_DIR/$CLUSTER-mon.a.log.$attempt"
      continue
    fi
    fail_start "ceph-mon exited"
  done

  # --- OSD
  osd_id=$(ceph_cli osd new "$osd_uuid") || fail_start "'ceph osd new' failed"
  [[ $osd_id =~ ^[0-9]+$ ]] || fail_start "'ceph osd new' returned '$osd_id'"
  mkdir -p "$STATE_DIR/osd/$CLUSTER-$osd_id"
  ceph-osd --conf "$CONF" --cluster "$CLUSTER" -i "$osd_id" --mkfs --osd-uuid "$osd_uuid" \
    >>"$LOG_DIR/mkfs.out" 2>&1 || fail_start "ceph-osd --mkfs failed"
  ceph_cli osd crush add "osd.$osd_id" 1.0 root=default host=ferry >/dev/null ||
    fail_start "'ceph osd crush add' failed"

  log "starting ceph-osd"
  for attempt in 1 2 3; do
    launch osd ceph-osd --conf "$CONF" --cluster "$CLUSTER" -i "$osd_id" -f
    while ! osd_up; do
      pid_is_ours "$(read_pid osd)" || break
      check_alive mon
      ((SECONDS >= DEADLINE)) && fail_start "timed out after ${START_TIMEOUT}s waiting for ceph-osd to come up"
      sleep 0.2
    done
    osd_up && break
    ((attempt == 3)) && fail_start "ceph-osd exited during start-up $attempt times"
    log "ceph-osd exited during start-up, retrying"
  done

  # --- S3 user and zonegroup (before radosgw starts, so it sees both)
  log "creating S3 user"
  if ! out=$(timeout "$(remaining)" radosgw-admin --conf "$CONF" --cluster "$CLUSTER" \
    user create --uid="$S3_USER" --display-name="$S3_USER" \
    --access-key="$ACCESS_KEY" --secret-key="$SECRET_KEY" 2>&1); then
    printf '%s\n' "$out" >>"$LOG_DIR/radosgw-admin.out"
    fail_start "radosgw-admin user create failed: $(printf '%s' "$out" | tail -n 5)"
  fi
  # Make GetBucketLocation report the region the tests use instead of "default".
  if ! out=$(timeout "$(remaining)" radosgw-admin --conf "$CONF" --cluster "$CLUSTER" \
    zonegroup modify --rgw-zonegroup=default --api-name="$REGION" 2>&1); then
    printf '%s\n' "$out" >>"$LOG_DIR/radosgw-admin.out"
    fail_start "radosgw-admin zonegroup modify failed: $(printf '%s' "$out" | tail -n 5)"
  fi

  # --- gateway (retried on another port if its port was taken in the meantime)
  for attempt in 1 2 3; do
    log "starting radosgw"
    launch rgw radosgw --conf "$CONF" --cluster "$CLUSTER" -n client.rgw.ferry -f
    while ! http_answers "$port"; do
      pid_is_ours "$(read_pid rgw)" || break
      check_alive mon
      check_alive osd
      ((SECONDS >= DEADLINE)) && fail_start "timed out after ${START_TIMEOUT}s waiting for the S3 endpoint on 127.0.0.1:$port"
      sleep 0.2
    done
    pid_is_ours "$(read_pid rgw)" && break
    if ((attempt < 3)) && grep -qs "failed to bind address 127.0.0.1:$port" "$LOG_DIR/$CLUSTER-client.rgw.ferry.log"; then
      local old=$port
      port=$(pick_port $((port + 1)) "$mon_port") || fail_start "no free port for radosgw"
      log "port $old was taken before radosgw could bind it, retrying on $port"
      sed -i "s/endpoint=127\.0\.0\.1:$old\$/endpoint=127.0.0.1:$port/" "$CONF"
      continue
    fi
    fail_start "radosgw exited"
  done

  {
    echo "FERRY_TEST_S3_ENDPOINT=http://127.0.0.1:$port"
    echo "FERRY_TEST_S3_ACCESS_KEY=$ACCESS_KEY"
    echo "FERRY_TEST_S3_SECRET_KEY=$SECRET_KEY"
    echo "FERRY_TEST_S3_REGION=$REGION"
    echo "FERRY_TEST_S3_KMS_KEY_IDS=$(IFS=,; echo "${KMS_KEY_IDS[*]}")"
  } >"$ENV_FILE.tmp"
  mv "$ENV_FILE.tmp" "$ENV_FILE"
  log "S3 server ready on http://127.0.0.1:$port after $((SECONDS - start_time))s (state: $STATE_DIR)"
}

osd_up() {
  ceph_cli osd stat | grep -Eq '(^|[^0-9])1 up'
}

# ---------------------------------------------------------------------------

cmd_start() {
  if is_running; then
    log "already running (state: $STATE_DIR)"
    print_env
    # So that a test run stops only a server it started (someone else's stays up).
    echo "FERRY_TEST_S3_REUSED=1"
    return 0
  fi
  ensure_packages
  # Starts of clusters in different state dirs are serialised too, so that two
  # of them cannot pick the same free port before either has bound it.
  if command -v flock >/dev/null 2>&1 && { exec 8>>"$START_LOCK_FILE"; } 2>/dev/null; then
    flock -w 300 8 || die "timed out waiting for $START_LOCK_FILE"
  fi
  start_cluster
  print_env
}

cmd_stop() {
  stop_cluster
  log "stopped"
  return 0
}

cmd_status() {
  if is_running; then
    log "running: $(grep '^FERRY_TEST_S3_ENDPOINT=' "$ENV_FILE" | cut -d= -f2-)"
    return 0
  fi
  log "not running"
  return 1
}

lock() {
  command -v flock >/dev/null 2>&1 || return 0
  mkdir -p "$(dirname "$LOCK_FILE")" 2>/dev/null || true
  { exec 9>>"$LOCK_FILE"; } 2>/dev/null || return 0
  flock -w 300 9 || die "timed out waiting for $LOCK_FILE (another start/stop running?)"
}

case "${1:-}" in
  start | stop) lock ;;
esac

case "${1:-}" in
  start) cmd_start ;;
  stop) cmd_stop ;;
  status) cmd_status ;;
  *)
    echo "usage: $0 start|stop|status" >&2
    exit 2
    ;;
esac
