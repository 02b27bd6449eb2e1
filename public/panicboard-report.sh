#!/bin/sh
# panicboard-report.sh: upload this host's new kdump crash summaries to panicboard, report the
# kernel it runs and send its kernels' changelogs. POSIX sh and curl only: RHEL 6's bash, dash,
# busybox ash; curl 7.19 or later.
#
#   panicboard-report.sh [run]     upload every $CRASH_DIR/*/vmcore-dmesg.txt not handled before,
#                                  POST the running kernel (uname -r), then the changelog of each
#                                  installed kernel package not handled before
#   panicboard-report.sh install   fetch this script (checked against its sha256) and enable the boot
#                                  service (systemd unit or SysV init script) from the dashboard, then
#                                  run once; refuses an http:// PANICBOARD_URL unless PANICBOARD_ALLOW_HTTP=1
#
# Configuration: /etc/panicboard.conf (or $PANICBOARD_CONF), sourced as sh, so keep it root-owned,
# mode 600: it holds the token. Variables set in the environment win over the file.
#   PANICBOARD_URL     the dashboard, e.g. https://panicboard.example.com (required)
#   PANICBOARD_TOKEN   an API token from `npx panicboard token create --name fleet`
#   PANICBOARD_HOST    the name this host reports under (default: `hostname`)
#   CRASH_DIR          kdump's dump folder (default /var/crash)
#   STATE_FILE         the files already handled, one path a line (default /var/lib/panicboard/uploaded),
#                      and the kernel packages whose changelog was handled (changelog:kernel-...)
#   PANICBOARD_CHANGELOGS  0 sends no changelogs (default 1)
#   PANICBOARD_RPM     the rpm command (default rpm)
#   PANICBOARD_ALLOW_HTTP  1 lets `install` use an http:// URL (the token and the script then travel
#                      unprotected: a trusted network only)
#   PANICBOARD_SHA256  `install` takes the script only with this sha256 (default: the one the dashboard
#                      publishes at /panicboard-report.sh.sha256)
#
# What is recorded in STATE_FILE (so never sent again): 201 stored and 200 duplicate; and the
# permanent refusals 400, 413, 415 and 422 (not a crash, too large, binary, invalid), logged on stderr,
# because the same bytes would get the same answer at every boot. Anything else (no network, 401/403
# bad token, 404 wrong URL, 408, 5xx) is left for the next run, and the exit code is 1. A 429 (rate
# limited) is retried within the run after the Retry-After the dashboard sends (at most 60 s, 10 times).
#
# Changelogs: for each package `rpm -q kernel` lists, the script asks the dashboard whether it knows
# the build (GET /api/changelogs/builds/<build>: then nothing is sent), else sends
# `rpm -q --changelog <package>` (up to 11 MB for el9) to POST /api/changelogs. Recorded and retried
# like crash files: 200/201 and the refusals 400/413/415/422 once, anything else at the next run.
#
# Crash time: kdump names a folder <ip>-YYYY-MM-DD-HH:MM:SS with the capture kernel's `date`, in this
# host's local time zone; it is sent with the UTC offset this host had at that date (`date -d`, which
# GNU and busybox date have), else the current offset (`date +%z`), else +00:00. A folder named by a
# wrong clock (before 1991, or more than a day ahead) gets no crash time: the dashboard takes the time
# of upload instead of refusing the crash.

set -u

log() { printf 'panicboard-report: %s\n' "$*" >&2; }

env_url=${PANICBOARD_URL-}
env_token=${PANICBOARD_TOKEN-}
env_host=${PANICBOARD_HOST-}
env_crash_dir=${CRASH_DIR-}
env_state_file=${STATE_FILE-}
env_changelogs=${PANICBOARD_CHANGELOGS-}
env_rpm=${PANICBOARD_RPM-}
env_allow_http=${PANICBOARD_ALLOW_HTTP-}
env_sha256=${PANICBOARD_SHA256-}
conf=${PANICBOARD_CONF:-/etc/panicboard.conf}
case $conf in */*) ;; *) conf=./$conf ;; esac
if [ -r "$conf" ]; then
  . "$conf"
fi
[ -n "$env_url" ] && PANICBOARD_URL=$env_url
[ -n "$env_token" ] && PANICBOARD_TOKEN=$env_token
[ -n "$env_host" ] && PANICBOARD_HOST=$env_host
[ -n "$env_crash_dir" ] && CRASH_DIR=$env_crash_dir
[ -n "$env_state_file" ] && STATE_FILE=$env_state_file
[ -n "$env_changelogs" ] && PANICBOARD_CHANGELOGS=$env_changelogs
[ -n "$env_rpm" ] && PANICBOARD_RPM=$env_rpm
[ -n "$env_allow_http" ] && PANICBOARD_ALLOW_HTTP=$env_allow_http
[ -n "$env_sha256" ] && PANICBOARD_SHA256=$env_sha256

URL=${PANICBOARD_URL:-}
while :; do case $URL in */) URL=${URL%/} ;; *) break ;; esac; done
TOKEN=${PANICBOARD_TOKEN:-}
HOST=${PANICBOARD_HOST:-}
[ -n "$HOST" ] || HOST=$(hostname 2>/dev/null) || HOST=
[ -n "$HOST" ] || HOST=$(uname -n)
CRASH_DIR=${CRASH_DIR:-/var/crash}
STATE_FILE=${STATE_FILE:-/var/lib/panicboard/uploaded}
CHANGELOGS=${PANICBOARD_CHANGELOGS:-1}
RPM=${PANICBOARD_RPM:-rpm}

if [ -z "$URL" ]; then
  log "PANICBOARD_URL is not set (in $conf or the environment)"
  exit 2
fi
if ! command -v curl >/dev/null 2>&1; then
  log "curl is required"
  exit 2
fi

BODY=$(mktemp "${TMPDIR:-/tmp}/panicboard-report.XXXXXX") || exit 1
HEADERS=$(mktemp "${TMPDIR:-/tmp}/panicboard-headers.XXXXXX") || exit 1
CHANGELOG=
trap 'rm -f "$BODY" "$HEADERS" ${CHANGELOG:+"$CHANGELOG"}' EXIT
trap 'exit 130' INT TERM

# post URL CONTENT-TYPE DATA: prints the HTTP status (000 when no answer), the answer in $BODY.
# The token goes through curl's config on stdin, not argv, so `ps` on a shared host never shows it.
# --retry covers timeouts and 5xx within one run (curl 7.19 has it; not --retry-all-errors).
post_once() {
  {
    [ -z "$TOKEN" ] || printf 'header = "Authorization: Bearer %s"\n' "$TOKEN"
  } | curl -sS -K - -o "$BODY" -D "$HEADERS" -w '%{http_code}' --connect-timeout 10 --max-time 120 \
    --retry "${PANICBOARD_CURL_RETRY:-3}" --retry-delay 5 \
    -X POST -H "Content-Type: $2" --data-binary "$3" "$1" || :
}

# get URL: prints the HTTP status (000 when no answer), the answer in $BODY.
get_once() {
  {
    [ -z "$TOKEN" ] || printf 'header = "Authorization: Bearer %s"\n' "$TOKEN"
  } | curl -sS -K - -o "$BODY" -D "$HEADERS" -w '%{http_code}' --connect-timeout 10 --max-time 30 "$1" || :
}

# rate_retry COMMAND...: runs a request until it is not answered 429 (rate limited), waiting as long as
# Retry-After says (1 to 60 s; 5 when absent), at most $PANICBOARD_RATE_RETRIES (10) times: a fleet's
# kdump stampede through one token then waits its turn instead of leaving crashes for the next boot.
rate_retry() {
  tries=0
  while :; do
    status=$("$@")
    [ "$status" = 429 ] && [ "$tries" -lt "${PANICBOARD_RATE_RETRIES:-10}" ] || break
    tries=$((tries + 1))
    pause=$(sed -n 's/^[Rr][Ee][Tt][Rr][Yy]-[Aa][Ff][Tt][Ee][Rr]: *\([0-9][0-9]*\).*/\1/p' "$HEADERS" | tail -n 1)
    case $pause in '' | *[!0-9]*) pause=5 ;; esac
    [ "$pause" -ge 1 ] || pause=1
    [ "$pause" -le 60 ] || pause=60
    log "rate limited by the dashboard: retrying in ${pause}s"
    sleep "$pause"
  done
  printf '%s' "$status"
}

post() { rate_retry post_once "$@"; }
get() { rate_retry get_once "$@"; }

# crash_time FOLDER-NAME: ISO 8601 with offset, '+' written as %2B for the query string; empty when
# the name is not <ip>-YYYY-MM-DD-HH:MM[:SS].
crash_time() {
  case $1 in
    *-[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]-[0-9][0-9]:[0-9][0-9]:[0-9][0-9])
      stamp=${1#"${1%???????????????????}"} ;;
    *-[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]-[0-9][0-9]:[0-9][0-9])
      stamp=${1#"${1%????????????????}"}:00 ;;
    *) return 0 ;;
  esac
  day=${stamp%-??:??:??}
  clock=${stamp##*-}
  # A wrong clock (the RTC unset: 1970; or far ahead): the dashboard refuses such a time (422, which
  # would drop the crash for good), so the crash goes without one and gets its time of upload.
  year=${day%%-*}
  if [ "$year" -lt 1991 ]; then
    log "the folder $1 was named by a wrong clock: sending it without a crash time"
    return 0
  fi
  at=$(date -d "$day $clock" +%s 2>/dev/null) || at=
  now=$(date +%s 2>/dev/null) || now=
  case $at$now in
    '' | *[!0-9]*) [ "$year" -le "$(date +%Y)" ] || at=ahead ;;
    *) [ "$at" -le $((now + 86400)) ] || at=ahead ;;
  esac
  if [ "$at" = ahead ]; then
    log "the folder $1 is dated ahead of this host's clock: sending it without a crash time"
    return 0
  fi
  zone=$(date -d "$day $clock" +%z 2>/dev/null) || zone=
  case $zone in [+-][0-9][0-9][0-9][0-9]) ;; *) zone=$(date +%z 2>/dev/null) || zone= ;; esac
  case $zone in [+-][0-9][0-9][0-9][0-9]) ;; *) zone=+0000 ;; esac
  sign=${zone%????}
  [ "$sign" = "+" ] && sign=%2B
  hours=${zone#?}
  hours=${hours%??}
  printf '%sT%s%s%s:%s' "$day" "$clock" "$sign" "$hours" "${zone#???}"
}

is_recorded() {
  [ -f "$STATE_FILE" ] && grep -Fxq -- "$1" "$STATE_FILE"
}

record() {
  printf '%s\n' "$1" >>"$STATE_FILE"
}

run_report() {
  state_dir=$(dirname "$STATE_FILE")
  mkdir -p "$state_dir" && : >>"$STATE_FILE" || { log "cannot write $STATE_FILE"; exit 1; }
  uploaded=0 duplicates=0 rejected=0 pending=0 skipped=0
  for file in "$CRASH_DIR"/*/vmcore-dmesg.txt; do
    [ -f "$file" ] || continue
    if is_recorded "$file"; then
      skipped=$((skipped + 1))
      continue
    fi
    folder=${file%/*}
    query="host=$HOST&source=agent"
    when=$(crash_time "${folder##*/}")
    [ -z "$when" ] || query="$query&crashTime=$when"
    code=$(post "$URL/api/panics?$query" text/plain "@$file")
    case $code in
      201)
        uploaded=$((uploaded + 1))
        record "$file"
        log "uploaded $file" ;;
      200)
        duplicates=$((duplicates + 1))
        record "$file"
        log "already on the dashboard: $file" ;;
      400 | 413 | 415 | 422)
        rejected=$((rejected + 1))
        record "$file"
        log "rejected $file (HTTP $code, not retried): $(cat "$BODY" 2>/dev/null)" ;;
      *)
        pending=$((pending + 1))
        log "will retry $file at the next run: HTTP $code $(cat "$BODY" 2>/dev/null)" ;;
    esac
  done

  kernel=$(uname -r)
  booted=
  if [ -r /proc/uptime ]; then
    up=$(cut -d. -f1 /proc/uptime)
    now=$(date +%s 2>/dev/null) || now=
    case $now in '' | *[!0-9]*) ;; *) booted=$(date -u -d "@$((now - up))" +%Y-%m-%dT%H:%M:%SZ 2>/dev/null) || booted= ;; esac
  fi
  json="{\"kernelRelease\":\"$kernel\""
  [ -z "$booted" ] || json="$json,\"bootedAt\":\"$booted\""
  json="$json}"
  code=$(post "$URL/api/hosts/$HOST/kernel" application/json "$json")
  if [ "$code" = 200 ]; then
    log "reported kernel $kernel for $HOST"
  else
    pending=$((pending + 1))
    log "could not report kernel $kernel for $HOST: HTTP $code $(cat "$BODY" 2>/dev/null)"
  fi

  [ "$CHANGELOGS" = 0 ] || send_changelogs

  log "done: $uploaded uploaded, $duplicates duplicates, $rejected rejected, $skipped handled before, $pending to retry"
  [ "$pending" -eq 0 ]
}

# send_changelogs: each installed kernel package's changelog, once; adds transient failures to $pending.
send_changelogs() {
  command -v "$RPM" >/dev/null 2>&1 || return 0
  packages=$("$RPM" -q kernel 2>/dev/null) || packages=
  sent=0 known=0 refused=0 before=0 later=0
  for pkg in $packages; do
    case $pkg in kernel-[0-9]*) ;; *) continue ;; esac
    if is_recorded "changelog:$pkg"; then
      before=$((before + 1))
      continue
    fi
    code=$(get "$URL/api/changelogs/builds/${pkg#kernel-}")
    if [ "$code" = 200 ]; then
      known=$((known + 1))
      record "changelog:$pkg"
      continue
    fi
    if [ -z "$CHANGELOG" ]; then
      CHANGELOG=$(mktemp "${TMPDIR:-/tmp}/panicboard-changelog.XXXXXX") || return 0
    fi
    if ! "$RPM" -q --changelog "$pkg" >"$CHANGELOG" 2>/dev/null; then
      later=$((later + 1))
      log "rpm -q --changelog $pkg failed; will retry at the next run"
      continue
    fi
    code=$(post "$URL/api/changelogs" text/plain "@$CHANGELOG")
    case $code in
      200 | 201)
        sent=$((sent + 1))
        record "changelog:$pkg"
        log "sent the changelog of $pkg" ;;
      400 | 413 | 415 | 422)
        refused=$((refused + 1))
        record "changelog:$pkg"
        log "changelog of $pkg refused (HTTP $code, not retried): $(cat "$BODY" 2>/dev/null)" ;;
      *)
        later=$((later + 1))
        log "will retry the changelog of $pkg at the next run: HTTP $code $(cat "$BODY" 2>/dev/null)" ;;
    esac
  done
  pending=$((pending + later))
  log "changelogs: $sent sent, $known known, $refused refused, $before handled before, $later to retry"
}

# fetch NAME DEST MODE: downloads a file the dashboard serves, atomically (a running script is never
# overwritten in place, which would confuse the shell reading it).
fetch() {
  curl -fsS --connect-timeout 10 --max-time 60 -o "$2.tmp" "$URL/$1" && chmod "$3" "$2.tmp" && mv -f "$2.tmp" "$2"
}

# check_sha256 FILE: whether FILE has the sha256 PANICBOARD_SHA256 names, else the one the dashboard
# publishes beside the script.
check_sha256() {
  want=${PANICBOARD_SHA256:-}
  if [ -z "$want" ]; then
    want=$(curl -fsS --connect-timeout 10 --max-time 30 "$URL/panicboard-report.sh.sha256") || {
      log "cannot fetch $URL/panicboard-report.sh.sha256"
      return 1
    }
    want=${want%% *}
  fi
  if command -v sha256sum >/dev/null 2>&1; then
    got=$(sha256sum <"$1") && got=${got%% *}
  elif command -v openssl >/dev/null 2>&1; then
    got=$(openssl dgst -sha256 <"$1") && got=${got##* }
  else
    log "neither sha256sum nor openssl is installed: cannot check the script"
    return 1
  fi
  if [ "$got" != "$want" ]; then
    log "the downloaded script's sha256 is $got, not $want: not installed"
    return 1
  fi
}

run_install() {
  case $URL in
    https://*) ;;
    http://*)
      if [ "${PANICBOARD_ALLOW_HTTP:-0}" != 1 ]; then
        log "refusing to install from $URL: over plain http the token and this script travel unprotected." \
          "Use https://, or set PANICBOARD_ALLOW_HTTP=1 on a network you trust"
        exit 2
      fi
      log "installing over plain http (PANICBOARD_ALLOW_HTTP=1)" ;;
    *)
      log "PANICBOARD_URL must start with https:// (or http:// with PANICBOARD_ALLOW_HTTP=1)"
      exit 2 ;;
  esac
  root=${PANICBOARD_INSTALL_ROOT:-}
  mkdir -p "$root/usr/local/sbin" || exit 1
  script=$root/usr/local/sbin/panicboard-report.sh
  curl -fsS --connect-timeout 10 --max-time 60 -o "$script.tmp" "$URL/panicboard-report.sh" &&
    check_sha256 "$script.tmp" && chmod 755 "$script.tmp" && mv -f "$script.tmp" "$script" || {
    rm -f "$script.tmp"
    exit 1
  }
  init=${PANICBOARD_INIT:-}
  if [ -z "$init" ]; then
    if [ -d /run/systemd/system ]; then init=systemd; else init=sysv; fi
  fi
  if [ "$init" = systemd ]; then
    mkdir -p "$root/etc/systemd/system" || exit 1
    fetch panicboard-report.service "$root/etc/systemd/system/panicboard-report.service" 644 || exit 1
    if [ -z "$root" ]; then
      systemctl daemon-reload && systemctl enable panicboard-report.service || exit 1
    fi
  else
    initd=$root/etc/rc.d/init.d
    [ -d "$initd" ] || initd=$root/etc/init.d
    mkdir -p "$initd" || exit 1
    fetch panicboard-report.init "$initd/panicboard-report" 755 || exit 1
    if [ -z "$root" ]; then
      if command -v chkconfig >/dev/null 2>&1; then
        chkconfig --add panicboard-report || exit 1
      elif command -v update-rc.d >/dev/null 2>&1; then
        update-rc.d panicboard-report defaults || exit 1
      else
        log "enable $initd/panicboard-report in your init system"
      fi
    fi
  fi
  log "installed the $init service; it runs at every boot"
  [ -n "$root" ] || "$root/usr/local/sbin/panicboard-report.sh" run
}

case ${1:-run} in
  run) run_report ;;
  install) run_install ;;
  -h | --help | help) sed -n '2,43p' "$0" | sed 's/^# \{0,1\}//' ;;
  *) log "usage: $0 [run|install]"; exit 2 ;;
esac
