#!/usr/bin/env bash
# Checks smartlab.conf and smartlab.acl against a real Mosquitto 2.x broker.
#
# Starts a throwaway broker on a free local port, with a copy of both files whose
# paths point into a temporary folder (laid out like Debian's /etc/mosquitto, so the
# drop-in is loaded through include_dir), creates a password file for the hub and three
# instruments, and checks what each may publish and receive. Everything it starts is
# stopped and the folder removed when it ends. Needs mosquitto and mosquitto-clients;
# no root. Exit code 0 when every check passes, 1 when one fails, 2 when it cannot run.
#
#   deploy/mosquitto/check-acl.sh          # KEEP=1 keeps the temporary folder
set -uo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
PATH="$PATH:/usr/sbin:/usr/local/sbin"
for tool in mosquitto mosquitto_pub mosquitto_sub mosquitto_passwd stdbuf; do
    if ! command -v "$tool" >/dev/null; then
        echo "check-acl: $tool not found (install mosquitto and mosquitto-clients)" >&2
        exit 2
    fi
done

work="$(mktemp -d "${TMPDIR:-/tmp}/smartlab-acl.XXXXXX")"
broker_pid=""
pub_status=0
background=()
failures=0
checks=0

stop_broker() {
    if [[ -n "$broker_pid" ]]; then
        kill -TERM "$broker_pid" 2>/dev/null
        wait "$broker_pid" 2>/dev/null
        broker_pid=""
    fi
}

cleanup() {
    local pid
    for pid in "${background[@]}"; do
        kill "$pid" 2>/dev/null
        wait "$pid" 2>/dev/null
    done
    stop_broker
    if [[ "${KEEP:-0}" == 1 ]]; then
        echo "check-acl: kept $work"
    else
        rm -rf "$work"
    fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

die() {
    echo "check-acl: $*" >&2
    [[ -f "$work/broker.log" ]] && tail -n 30 "$work/broker.log" >&2
    exit 2
}

pass() { checks=$((checks + 1)); printf 'ok    %s\n' "$1"; }
fail() { checks=$((checks + 1)); failures=$((failures + 1)); printf 'FAIL  %s\n' "$1"; }
check() {
    local what=$1
    shift
    if "$@"; then pass "$what"; else fail "$what"; fi
}

# wait_for <seconds> <command...>: polls the condition until it holds or time runs out.
wait_for() {
    local deadline=$((SECONDS + $1))
    shift
    until "$@"; do
        ((SECONDS >= deadline)) && return 1
        sleep 0.1
    done
}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

free_port() {
    local candidate
    for _ in $(seq 1 100); do
        candidate=$((20000 + RANDOM % 40000))
        if ! port_open "$candidate"; then
            echo "$candidate"
            return 0
        fi
    done
    return 1
}

secret() { head -c 24 /dev/urandom | base64 | tr -d '/+='; }

# --- Broker ------------------------------------------------------------------------

port="$(free_port)" || die "no free port found"
mkdir -p "$work/conf.d" "$work/data"
sed -e "s|^listener 1883\$|listener $port 127.0.0.1|" -e "s|/etc/mosquitto/|$work/|g" \
    "$here/smartlab.conf" >"$work/conf.d/smartlab.conf"
grep -q "^listener $port 127.0.0.1\$" "$work/conf.d/smartlab.conf" || die "smartlab.conf has no 'listener 1883' line to rewrite"
cp "$here/smartlab.acl" "$work/smartlab.acl"

# The main file mirrors Debian's /etc/mosquitto/mosquitto.conf (which sets persistence and
# its location, then includes conf.d). "user" keeps the broker running as whoever runs
# this script instead of switching to the mosquitto account when started as root.
cat >"$work/mosquitto.conf" <<EOF
persistence true
persistence_location $work/data/
log_dest file $work/broker.log
log_type all
user $(id -un)
include_dir $work/conf.d
EOF

hub_secret="$(secret)"
xrd_secret="$(secret)"
sem_secret="$(secret)"
fur_secret="$(secret)"
passwd="$work/smartlab.passwd"
mosquitto_passwd -c -b "$passwd" smartlab-hub "$hub_secret" || die "mosquitto_passwd failed"
for login in "xrd-01 $xrd_secret" "sem-02 $sem_secret" "furnace-03 $fur_secret"; do
    mosquitto_passwd -b "$passwd" ${login% *} "${login#* }" || die "mosquitto_passwd failed"
done
chmod 0600 "$passwd"

start_broker() {
    mosquitto -c "$work/mosquitto.conf" >>"$work/broker.out" 2>&1 &
    broker_pid=$!
    wait_for 10 port_open "$port" || die "broker did not start on port $port: $(cat "$work/broker.out")"
}

start_broker
echo "check-acl: Mosquitto $(mosquitto -h 2>/dev/null | head -n 1 | awk '{print $3}') on 127.0.0.1:$port, files in $work"

# --- Helpers for clients ---------------------------------------------------------------

P=smartlab/v1
I=$P/instruments

# subscribe <name> <user> <secret> <mosquitto_sub args...>: a long-running subscriber in the
# background; its output is in $work/<name>.out, messages as "MSG <topic> <payload>".
subscribe() {
    local name=$1 user=$2 pass=$3
    shift 3
    : >"$work/$name.out"
    stdbuf -oL mosquitto_sub -h 127.0.0.1 -p "$port" -u "$user" -P "$pass" -V mqttv5 -d \
        -F 'MSG %t %p' "$@" >"$work/$name.out" 2>&1 &
    background+=($!)
    eval "${name}_pid=$!"
    wait_for 10 grep -q '^Subscribed (mid' "$work/$name.out" || die "$name ($user) could not subscribe: $(cat "$work/$name.out")"
}

# publish <mqttv5|mqttv311> <user> <secret> <topic> <payload> [args...]: QoS 1, waits for
# PUBACK. mosquitto_pub exits 0 for a refused publish too and prints "Not authorized".
publish() {
    local version=$1 user=$2 pass=$3 topic=$4 payload=$5
    shift 5
    timeout 15 mosquitto_pub -h 127.0.0.1 -p "$port" -u "$user" -P "$pass" -V "$version" -q 1 \
        -t "$topic" -m "$payload" "$@" >"$work/pub.out" 2>&1
    pub_status=$?
}

received() { grep -qxF "MSG $2 $3" "$work/$1.out"; }
wait_received() { wait_for 10 received "$@"; }
never_received() { ! grep -q "^MSG .*$2" "$work/$1.out"; }
denied() { ((pub_status == 0)) && grep -q 'Not authorized' "$work/pub.out"; }
accepted() { ((pub_status == 0)) && ! grep -q 'Not authorized' "$work/pub.out"; }
refused_login() { ! timeout 15 mosquitto_pub -h 127.0.0.1 -p "$port" -q 1 -t "$I/xrd-01/telemetry" -m x "$@" >/dev/null 2>&1; }

# --- Logins ----------------------------------------------------------------------------

check "anonymous client is refused" refused_login
check "agent with a wrong secret is refused" refused_login -u xrd-01 -P wrong
check "unknown user is refused" refused_login -u xrd-99 -P "$xrd_secret"

# Each login has one connection at a time: the broker uses the username as client id, so a
# second connection as the same user takes the first one over. The real hub subscribes and
# publishes on one connection; mosquitto_sub and mosquitto_pub cannot, so the checks below
# first listen as the hub, then stop listening and publish as the hub.

# --- Agents listening ----------------------------------------------------------------------

# An agent listening to what the hub sends it.
subscribe sem sem-02 "$sem_secret" -q 1 \
    -t "$I/sem-02/commands" -t "$I/sem-02/jobs" -t "$I/sem-02/acks" -t "$I/sem-02/rebirth" \
    -t "$I/sem-02/diagnostics" -t "$P/hub/state"
# An agent trying to read everything.
subscribe snoop furnace-03 "$fur_secret" -q 1 -t '#'
if grep -q '^Subscribed (mid: [0-9]*): [012]$' "$work/snoop.out"; then
    echo "note  Mosquitto acknowledged furnace-03's subscription to '#' (acl_file does not check subscription"
    echo "      filters); every message is checked against the ACL on delivery, which the checks below cover"
fi

# --- The hub listening, with exactly the filters it subscribes to in external mode -----------

subscribe hub smartlab-hub "$hub_secret" -q 1 \
    -t "$I/+/state" -t "$I/+/telemetry" -t "$I/+/events" -t "$I/+/replies" \
    -t "$I/+/measurements" -t "$I/+/jobs/+/status" -t "$I/+/files/#"

# An agent publishes its own topics.
own_topics=(
    "state|xrd-01 birth"
    "telemetry|xrd-01 telemetry"
    "events|xrd-01 event"
    "replies|xrd-01 reply"
    "measurements|xrd-01 measurement"
    "jobs/J-000001/status|xrd-01 job status"
    "files/F-1/0/1|xrd-01 file chunk"
)
for entry in "${own_topics[@]}"; do
    retain=()
    [[ "${entry%%|*}" == state ]] && retain=(-r)
    publish mqttv5 xrd-01 "$xrd_secret" "$I/xrd-01/${entry%%|*}" "${entry#*|}" "${retain[@]}"
    check "xrd-01 may publish to its own ${entry%%|*}" accepted
done
for entry in "${own_topics[@]}"; do
    check "hub receives xrd-01's own ${entry%%|*}" wait_received hub "$I/xrd-01/${entry%%|*}" "${entry#*|}"
done

# The same agent tries everything else; MQTT 5 clients are told "not authorized". Each is
# retained too, to show that nothing forged sticks.
for topic in "$I/sem-02/telemetry" "$I/sem-02/state" "$I/sem-02/measurements" "$I/sem-02/jobs/J-000001/status" \
    "$I/sem-02/files/F-1/0/1" "$I/sem-02/commands" "$I/xrd-01/commands" "$I/xrd-01/jobs" "$I/xrd-01/acks" \
    "$P/hub/state" "$I/xrd-01/files/F-1/0" "$I/xrd-01/unknown" "smartlab/other"; do
    publish mqttv5 xrd-01 "$xrd_secret" "$topic" "forged by xrd-01" -r
    check "xrd-01 may not publish to $topic" denied
done
# MQTT 3.1.1 has no reason code: the broker acknowledges the message and drops it (the hub
# would receive it on its telemetry subscription, which is checked below).
publish mqttv311 xrd-01 "$xrd_secret" "$I/sem-02/telemetry" "forged by xrd-01 over 3.1.1"

# Everything above was acknowledged before this point and the broker delivers to each client
# in order, so once this message has arrived nothing forged can still come.
publish mqttv5 xrd-01 "$xrd_secret" "$I/xrd-01/telemetry" "xrd-01 last"
check "hub receives xrd-01's last message" wait_received hub "$I/xrd-01/telemetry" "xrd-01 last"
check "hub never receives a forged message" never_received hub "forged"

# xrd-01 connects with sem-02's client id: the broker uses its username instead, so the
# connected sem-02 is not thrown off and the message lands on xrd-01's topic.
publish mqttv5 xrd-01 "$xrd_secret" "$I/xrd-01/telemetry" "xrd-01 with a borrowed client id" -i sem-02
check "a borrowed client id is replaced by the username" \
    wait_received hub "$I/xrd-01/telemetry" "xrd-01 with a borrowed client id"

# An agent's will goes to its own state topic; a dropped connection publishes it.
subscribe will xrd-01 "$xrd_secret" -q 1 -t "$I/xrd-01/commands" \
    --will-topic "$I/xrd-01/state" --will-payload "xrd-01 will" --will-qos 1 --will-retain
disown "$will_pid"                 # no "Killed" notice from bash
kill -KILL "$will_pid" 2>/dev/null
check "hub receives xrd-01's will" wait_received hub "$I/xrd-01/state" "xrd-01 will"

# Sizes, over MQTT 3.1.1 so that the client does not know the limit and the broker has to
# enforce it.
head -c 1048576 /dev/zero | tr '\0' 'a' >"$work/1MiB"
head -c 1200000 /dev/zero | tr '\0' 'b' >"$work/oversize"
timeout 15 mosquitto_pub -h 127.0.0.1 -p "$port" -u xrd-01 -P "$xrd_secret" -V mqttv311 -q 1 \
    -t "$I/xrd-01/measurements" -f "$work/1MiB" >"$work/pub.out" 2>&1
hub_got_bytes() { grep -q "received PUBLISH .*'$I/xrd-01/measurements', \.\.\. ($1 bytes)" "$work/hub.out"; }
check "a 1 MiB measurement reaches the hub" wait_for 10 hub_got_bytes 1048576
timeout 15 mosquitto_pub -h 127.0.0.1 -p "$port" -u xrd-01 -P "$xrd_secret" -V mqttv311 -q 1 \
    -t "$I/xrd-01/measurements" -f "$work/oversize" >"$work/pub.out" 2>&1
publish mqttv5 xrd-01 "$xrd_secret" "$I/xrd-01/telemetry" "after oversize"
wait_received hub "$I/xrd-01/telemetry" "after oversize"
check "a 1.2 MB packet does not get through" bash -c "! grep -q '(1200000 bytes)' '$work/hub.out'"
check "the broker disconnects the client that sent it" grep -q 'Client xrd-01 disconnected due to oversize packet' "$work/broker.log"

kill "$hub_pid" 2>/dev/null
wait "$hub_pid" 2>/dev/null

# --- The hub publishing --------------------------------------------------------------------

for kind in commands jobs acks rebirth diagnostics; do
    publish mqttv5 smartlab-hub "$hub_secret" "$I/sem-02/$kind" "hub $kind for sem-02"
    check "hub may publish to sem-02/$kind" accepted
done
publish mqttv5 smartlab-hub "$hub_secret" "$I/xrd-01/commands" "hub command for xrd-01"
check "hub may publish to xrd-01/commands" accepted
publish mqttv5 smartlab-hub "$hub_secret" "$P/hub/state" "hub online" -r
check "hub may publish the retained hub state" accepted

check "sem-02 receives the hub state" wait_received sem "$P/hub/state" "hub online"
check "furnace-03 (subscribed to #) receives the hub state" wait_received snoop "$P/hub/state" "hub online"
for kind in commands jobs acks rebirth diagnostics; do
    check "sem-02 receives hub $kind addressed to it" received sem "$I/sem-02/$kind" "hub $kind for sem-02"
done
check "sem-02 never receives a forged message" never_received sem "forged"
check "sem-02 never receives xrd-01's commands" never_received sem "hub command for xrd-01"
one_connect() { [[ "$(grep -c 'received CONNACK' "$work/sem.out")" == 1 ]] && kill -0 "$sem_pid" 2>/dev/null; }
check "sem-02 stayed connected when xrd-01 borrowed its client id" one_connect
only_hub_state() { ! grep '^MSG ' "$work/snoop.out" | grep -qv "^MSG $P/hub/state "; }
check "furnace-03 subscribed to # receives nothing but the hub state" only_hub_state

# A fresh subscriber to # gets the retained messages it may read: the hub's state, not
# xrd-01's state and not a forged hub state. It stops at the first live message.
kill "$snoop_pid" 2>/dev/null
wait "$snoop_pid" 2>/dev/null
subscribe retained furnace-03 "$fur_secret" -q 1 --retained-only -t '#'
publish mqttv5 smartlab-hub "$hub_secret" "$I/furnace-03/rebirth" "end of retained"
wait_for 10 bash -c "! kill -0 $retained_pid 2>/dev/null"
check "the retained hub state is the hub's own" received retained "$P/hub/state" "hub online"
retained_is_hub_state_only() { [[ "$(grep -c '^MSG ' "$work/retained.out")" == 1 ]]; }
check "furnace-03 reads no other retained message (not xrd-01's state)" retained_is_hub_state_only

# --- The hub's persistent session survives a broker restart -------------------------------------

hub_session() {
    timeout 15 mosquitto_sub -h 127.0.0.1 -p "$port" -u smartlab-hub -P "$hub_secret" -i smartlab-hub -V mqttv5 \
        -c -x 604800 -q 1 -t "$I/+/measurements" -F 'MSG %t %p' "$@"
}
hub_session -E >/dev/null 2>&1 || die "hub could not create its persistent session"
publish mqttv5 xrd-01 "$xrd_secret" "$I/xrd-01/measurements" "xrd-01 measurement while the hub was away"
stop_broker
start_broker
hub_session -R -C 1 -W 10 >"$work/session.out" 2>&1
check "a measurement queued for the hub survives a broker restart" \
    received session "$I/xrd-01/measurements" "xrd-01 measurement while the hub was away"

# --- Summary -------------------------------------------------------------------------------

if ((failures > 0)); then
    echo "check-acl: $failures of $checks checks failed; last broker log lines:"
    tail -n 30 "$work/broker.log"
    exit 1
fi
echo "check-acl: all $checks checks passed"
