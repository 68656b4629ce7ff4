#!/usr/bin/env bash
# A throw-away single-host Ceph cluster with radosgw, for tests that need a store which really
# enforces S3 POST policies (s3rver enforces none). One mon, one memstore OSD, no mgr, no auth,
# everything on 127.0.0.1 and all state in one directory that `down` deletes.
#
#   bash scripts/ceph-s3.sh up     # installs the Debian packages if missing; prints CEPH_S3_ENV=FILE
#   bash scripts/ceph-s3.sh down   # stops the daemons by their pid files, wipes the directory
#   bash scripts/ceph-s3.sh install  # only the packages (CI does it while other steps run)
#
# FILE holds S3_ENDPOINT, S3_BUCKET, S3_REGION, AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY.
# `up` on a running cluster only checks it and prints the same line.
set -Eeuo pipefail

DIR="${CEPH_S3_DIR:-${TMPDIR:-/tmp}/ceph-s3}"
RGW_PORT=7480
ENDPOINT="http://127.0.0.1:${RGW_PORT}"
BUCKET=uploads
REGION=us-east-1
# Fixed, public test credentials: the cluster only listens on loopback and lives for one run.
ACCESS_KEY=CEPHS3TESTACCESSKEY0
SECRET_KEY=ceph-s3-test-secret-key-not-a-real-secret-0
ENV_FILE="$DIR/s3.env"
export CEPH_CONF="$DIR/ceph.conf"
# The ceph CLI otherwise waits forever for a monitor that is not there.
CEPH=(ceph --connect-timeout 10)

T0=$EPOCHREALTIME
# Messages carry the seconds since the script started: where the time goes is worth seeing in CI.
log() { printf 'ceph-s3 [%5.1fs]: %s\n' "$(awk "BEGIN { print $EPOCHREALTIME - $T0 }")" "$*" >&2; }
trap 'log "failed (line $LINENO); logs are in $DIR/log"' ERR

# Polls `check` every half second until it succeeds or `seconds` pass.
wait_for() {
  local what=$1 seconds=$2
  shift 2
  local deadline=$((SECONDS + seconds))
  until "$@" >/dev/null 2>&1; do
    if ((SECONDS >= deadline)); then
      log "timed out after ${seconds}s waiting for $what; last log lines:"
      tail -n 20 "$DIR"/log/*.log >&2 2>/dev/null || true
      return 1
    fi
    sleep 0.5
  done
}

PACKAGES=(ceph-mon ceph-osd radosgw ceph-common curl)

install_packages() {
  local missing=()
  for tool in ceph-mon ceph-osd radosgw ceph curl; do command -v "$tool" >/dev/null || missing+=("$tool"); done
  ((${#missing[@]} == 0)) && return 0
  log "installing Debian packages (missing: ${missing[*]})"
  export DEBIAN_FRONTEND=noninteractive
  # Package lists are fetched only when there are none, or when they are too old to install from.
  if ! apt-cache show radosgw >/dev/null 2>&1; then apt-get update -q; fi
  apt-get install -y -q --no-install-recommends "${PACKAGES[@]}" >/dev/null ||
    { apt-get update -q && apt-get install -y -q --no-install-recommends "${PACKAGES[@]}" >/dev/null; }
  log "packages installed"
}

rgw_answers() { curl -fsS -o /dev/null "$ENDPOINT/"; }
osd_up() { "${CEPH[@]}" osd stat | grep -q ' 1 up'; }

# One signed S3 request with the test user's keys: s3 METHOD PATH [XML-BODY]. curl signs SigV4
# itself, but only radosgw's required x-amz-content-sha256 header has to be given to it.
s3() {
  local method=$1 path=$2 body=${3:-}
  local args=(-fsS -o /dev/null -X "$method" --aws-sigv4 "aws:amz:${REGION}:s3" --user "${ACCESS_KEY}:${SECRET_KEY}"
    -H "x-amz-content-sha256: $(printf '%s' "$body" | sha256sum | cut -d' ' -f1)")
  if [[ -n "$body" ]]; then
    # PutBucketCors requires Content-MD5.
    args+=(--data-binary "$body" -H 'content-type: application/xml'
      -H "content-md5: $(printf '%s' "$body" | openssl md5 -binary | base64)")
  fi
  curl "${args[@]}" "$ENDPOINT$path"
}

FSID=$(cat /proc/sys/kernel/random/uuid)

write_conf() {
  mkdir -p "$DIR"/{run,log,mon,osd,rgw/a}
  cat >"$CEPH_CONF" <<EOF
[global]
fsid = $FSID
mon_host = [v2:127.0.0.1:3300,v1:127.0.0.1:6789]
public_addr = 127.0.0.1
auth_cluster_required = none
auth_service_required = none
auth_client_required = none
osd_pool_default_size = 1
osd_pool_default_min_size = 1
mon_allow_pool_size_one = true
mon_warn_on_pool_no_redundancy = false
osd_pool_default_pg_num = 8
osd_pool_default_pg_autoscale_mode = off
mon_max_pg_per_osd = 1000
osd_crush_chooseleaf_type = 0
run_dir = $DIR/run
log_file = $DIR/log/\$name.log
pid_file = $DIR/run/\$name.pid
admin_socket = $DIR/run/\$name.asok
# The monitor's cluster and audit logs too (they default to the system's log directory).
mon_cluster_log_file = default=$DIR/log/\$cluster.\$channel.log cluster=$DIR/log/\$cluster.log
mon_data = $DIR/mon/\$id
osd_data = $DIR/osd/\$id
rgw_data = $DIR/rgw/\$id
crash_dir = $DIR/crash

[mon]
# Commit cluster map changes (pools, OSD boot) in 0.1 s batches instead of 1 s.
paxos_propose_interval = 0.1

[osd]
# RAM-backed object store: nothing outlives the cluster, and no disk to prepare.
osd_objectstore = memstore
memstore_device_bytes = 1073741824
# radosgw's object names exceed memstore's defaults.
osd_max_object_name_len = 460
osd_max_object_namespace_len = 64

[client.rgw.a]
rgw_frontends = beast endpoint=127.0.0.1:${RGW_PORT}
# Without it radosgw loops on "get_initial_auth_request returned -13" even with auth none.
ms_mon_client_mode = crc secure
EOF
}

up() {
  if [[ -f "$ENV_FILE" ]] && rgw_answers && osd_up; then
    log "already up"
    echo "CEPH_S3_ENV=$ENV_FILE"
    return 0
  fi
  # Whatever a previous run left half-started goes first.
  [[ -d "$DIR" ]] && down
  install_packages
  local started=$EPOCHREALTIME
  write_conf

  log "monitor"
  ceph-authtool --create-keyring "$DIR/mon.keyring" --gen-key -n mon. --cap mon 'allow *' >/dev/null
  monmaptool --create --fsid "$FSID" --addv a '[v2:127.0.0.1:3300,v1:127.0.0.1:6789]' \
    "$DIR/monmap" >/dev/null
  ceph-mon --mkfs -i a --monmap "$DIR/monmap" --keyring "$DIR/mon.keyring"
  ceph-mon -i a 2>>"$DIR/log/start.log"
  wait_for "the monitor" 60 "${CEPH[@]}" -s

  log "OSD (memstore)"
  local uuid
  uuid=$(cat /proc/sys/kernel/random/uuid)
  local id
  id=$("${CEPH[@]}" osd new "$uuid")
  mkdir -p "$DIR/osd/$id"
  ceph-osd -i "$id" --mkfs --osd-uuid "$uuid" 2>>"$DIR/log/mkfs.log"
  ceph-osd -i "$id" 2>>"$DIR/log/start.log"
  wait_for "the OSD" 60 osd_up

  log "S3 user (creates the gateway's pools)"
  radosgw-admin user create --uid=upload-tickets-test --display-name='upload tickets tests' \
    --access-key="$ACCESS_KEY" --secret="$SECRET_KEY" >/dev/null

  log "radosgw"
  radosgw -n client.rgw.a 2>>"$DIR/log/start.log"
  wait_for "radosgw on $ENDPOINT" 120 rgw_answers

  log "bucket $BUCKET, CORS and lifecycle rules"
  s3 PUT "/$BUCKET"
  # Browsers POST uploads straight to the bucket, as in production (README: Storage in production).
  local cors='<CORSConfiguration><CORSRule><AllowedOrigin>*</AllowedOrigin><AllowedMethod>GET</AllowedMethod><AllowedMethod>HEAD</AllowedMethod><AllowedMethod>POST</AllowedMethod><AllowedHeader>*</AllowedHeader><ExposeHeader>ETag</ExposeHeader><MaxAgeSeconds>3000</MaxAgeSeconds></CORSRule></CORSConfiguration>'
  s3 PUT "/$BUCKET?cors=" "$cors" # "cors=": curl signs a bare "cors" differently from radosgw
  # The lifecycle rule docs/storage.md recommends for production buckets: staged uploads expire,
  # unfinished multipart uploads are aborted (the sweeper does both itself; this is a second line).
  local lifecycle='<LifecycleConfiguration><Rule><ID>expire-staging</ID><Filter><Prefix>staging/</Prefix></Filter><Status>Enabled</Status><Expiration><Days>2</Days></Expiration><AbortIncompleteMultipartUpload><DaysAfterInitiation>2</DaysAfterInitiation></AbortIncompleteMultipartUpload></Rule></LifecycleConfiguration>'
  s3 PUT "/$BUCKET?lifecycle=" "$lifecycle"
  # A browser's preflight for the upload POST must pass.
  curl -fsS -o /dev/null -X OPTIONS -H 'origin: http://app.test' -H 'access-control-request-method: POST' \
    "$ENDPOINT/$BUCKET"

  cat >"$ENV_FILE" <<EOF
S3_ENDPOINT=$ENDPOINT
S3_BUCKET=$BUCKET
S3_REGION=$REGION
AWS_ACCESS_KEY_ID=$ACCESS_KEY
AWS_SECRET_ACCESS_KEY=$SECRET_KEY
EOF
  log "up in $(awk "BEGIN { printf \"%.1f\", $EPOCHREALTIME - $started }")s (not counting a package install)"
  echo "CEPH_S3_ENV=$ENV_FILE"
}

# The pid of a pid file if it still is a ceph daemon: a stale file may name a reused pid.
daemon_pid() {
  local pid
  pid=$(<"$1")
  case "$(cat "/proc/$pid/comm" 2>/dev/null || true)" in
    ceph-mon | ceph-osd | radosgw) echo "$pid" ;;
  esac
}

# True while one of the pids runs (a zombie left to an init that does not reap does not count).
any_alive() {
  local pid state
  for pid in "$@"; do
    state=$(awk '{ print $3 }' "/proc/$pid/stat" 2>/dev/null || true)
    [[ -n "$state" && "$state" != Z ]] && return 0
  done
  return 1
}

any_listed() {
  local pid
  for pid in "$@"; do [[ -e "/proc/$pid" ]] && return 0; done
  return 1
}

down() {
  shopt -s nullglob
  local pids=() pidfile pid
  for pidfile in "$DIR"/run/*.pid; do
    pid=$(daemon_pid "$pidfile")
    [[ -n "$pid" ]] && pids+=("$pid")
  done
  # SIGKILL, all at once: the data is thrown away, so a graceful stop only costs time (~2 s per
  # daemon, in order, and more when the monitor goes first; memstore even saves itself to disk).
  if ((${#pids[@]} > 0)); then
    log "killing pids ${pids[*]}"
    kill -9 "${pids[@]}" 2>/dev/null || true
    local deadline=$((SECONDS + 15))
    while any_alive "${pids[@]}" && ((SECONDS < deadline)); do sleep 0.1; done
    # Dead, ports free; give init a moment to reap them too, so that `ps` shows nothing left.
    deadline=$((SECONDS + 5))
    while any_listed "${pids[@]}" && ((SECONDS < deadline)); do sleep 0.1; done
  fi
  rm -rf "$DIR"
  log "down"
}

case "${1:-}" in
  install) install_packages ;;
  up) up ;;
  down) down ;;
  *)
    echo "usage: $0 up|down|install" >&2
    exit 2
    ;;
esac
