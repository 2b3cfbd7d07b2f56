#!/usr/bin/env bash
# A real three-broker Kafka cluster (KRaft) on this machine, for tests and benchmarks.
#
# Three JVM processes on loopback, each node a broker and a controller (combined mode), the three of
# them the controller quorum's voters. Replication factor 3 and min.insync.replicas 2 everywhere,
# including the offsets and transaction state topics, so one broker can die without losing a record
# acknowledged with acks=all. The Kafka jars are the ones the build already has (streams/target/lib).
#
# Usage:
#   deploy/cluster.sh [--dir DIR] start [--base-port P] [--secure]
#   deploy/cluster.sh [--dir DIR] status        # nodes up, controller quorum, under-replicated partitions
#   deploy/cluster.sh [--dir DIR] stop          # all nodes (SIGTERM, then SIGKILL after 20 s)
#   deploy/cluster.sh [--dir DIR] kill N        # kill -9 node N (fault injection)
#   deploy/cluster.sh [--dir DIR] start-node N  # start node N again, with its data
#   deploy/cluster.sh [--dir DIR] bootstrap [--secure]   # the bootstrap servers, on one line
# --dir may also come after the subcommand; the default is $MMSTREAM_CLUSTER_DIR or /tmp/mmstream-cluster.
#
# Ports (P = --base-port, default 19092): node N (1..3) serves clients on P+N-1 (PLAINTEXT), its
# controller on P+10+N-1 and, with --secure, SASL_SSL (SCRAM-SHA-512 over TLS) on P+20+N-1.
# Inter-broker and controller traffic stay PLAINTEXT on loopback.
#
# In DIR: nodeN.log (each node's log), nodeN/ (server.properties, data), cluster.env (the settings
# the other subcommands read) and, with --secure, tls/ (CA, broker keystore, client truststore made
# with keytool) and client-secure.properties (ready for `mmstream --client-config`).
# The Kafka jars are copied once into $MMSTREAM_CLUSTER_CACHE (default /tmp/mmstream-cluster-cache), so
# a rebuild of the project cannot pull jars from under running brokers, with a class data sharing
# archive of the classes a broker loads (made when the first node stops cleanly; later nodes start
# with about 40% less CPU).
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD_LIB=$REPO/streams/target/lib
CACHE_ROOT=${MMSTREAM_CLUSTER_CACHE:-/tmp/mmstream-cluster-cache}
LIB=""   # the staged Kafka jars: set by stage_jars, or read from cluster.env
NODES=(1 2 3)
HEAP=${MMSTREAM_CLUSTER_HEAP:-384m}
START_TIMEOUT_S=${MMSTREAM_CLUSTER_START_TIMEOUT:-90}
SCRAM_USER=mmstream

DIR=${MMSTREAM_CLUSTER_DIR:-/tmp/mmstream-cluster}
BASE_PORT=19092
SECURE=0
CLUSTER_ID=""

die() { echo "cluster.sh: $*" >&2; exit 1; }
log() { echo "cluster.sh: $*"; }

# --- ports and files ---------------------------------------------------------------------------

client_port()     { echo $((BASE_PORT + $1 - 1)); }
controller_port() { echo $((BASE_PORT + 10 + $1 - 1)); }
secure_port()     { echo $((BASE_PORT + 20 + $1 - 1)); }
node_dir()        { echo "$DIR/node$1"; }
node_log()        { echo "$DIR/node$1.log"; }
node_pidfile()    { echo "$DIR/node$1.pid"; }

bootstrap_servers() {   # $1 = plain|secure
    local list="" n
    for n in "${NODES[@]}"; do
        if [[ $1 == secure ]]; then list+="127.0.0.1:$(secure_port "$n"),"; else list+="127.0.0.1:$(client_port "$n"),"; fi
    done
    echo "${list%,}"
}

# The client ports of the nodes whose process runs: where the admin checks connect.
live_bootstrap() {
    local list="" n
    for n in "${NODES[@]}"; do
        if node_running "$n"; then list+="127.0.0.1:$(client_port "$n"),"; fi
    done
    echo "${list%,}"
}

load_settings() {
    [[ -f $DIR/cluster.env ]] || die "no cluster in $DIR (run: deploy/cluster.sh --dir $DIR start)"
    # shellcheck source=/dev/null
    source "$DIR/cluster.env"
    LIB=${LIB:-$DIR/lib}   # clusters made before the shared jar cache kept their jars in DIR/lib
}

save_settings() {
    printf 'BASE_PORT=%s\nSECURE=%s\nCLUSTER_ID=%s\nLIB=%s\n' "$BASE_PORT" "$SECURE" "$CLUSTER_ID" "$LIB" > "$DIR/cluster.env"
}

check_node_arg() {
    [[ ${1:-} =~ ^[123]$ ]] || die "node must be 1, 2 or 3, not '${1:-}'"
}

# --- jars and tools ----------------------------------------------------------------------------

# Builds the streams module when its jars are missing, then copies the jars a broker needs (not the
# media, ML or web libraries the rest of mmstream uses) into a cache folder named after them, once.
stage_jars() {
    if ! compgen -G "$BUILD_LIB/kafka_2.13-*.jar" > /dev/null; then
        log "building the Kafka jars (streams module)"
        (cd "$REPO" && flock /tmp/mvn.lock ./mvnw -B -o -q install -DskipTests -pl streams -am) \
            || die "cannot build streams/target (see the Maven output above)"
    fi
    local jar jars=() key
    for jar in "$BUILD_LIB"/*.jar; do
        case ${jar##*/} in
            mmstream-*|pytorch-*|ffmpeg-*|javacv-*|javacpp-*|vosk-*|tokenizers-*|onnxruntime-*|rocksdbjni-*|\
            lucene-*|javalin-*|jetty-*|jakarta.*|kotlin-*|api-*|jna-*|picocli-*|progressbar-*|kafka-streams-*)
                continue ;;
        esac
        jars+=("$jar")
    done
    key=$(for jar in "${jars[@]}"; do echo "${jar##*/} $(stat -c %s "$jar")"; done | md5sum | cut -c1-12)
    LIB=$CACHE_ROOT/kafka-$key
    if [[ ! -d $LIB ]]; then
        mkdir -p "$CACHE_ROOT"
        local staging
        staging=$(mktemp -d "$CACHE_ROOT/.staging.XXXXXX")
        cp "${jars[@]}" "$staging/"
        mv -T "$staging" "$LIB" 2>/dev/null || rm -rf "$staging"   # another start staged them meanwhile
    fi
}

# The broker class path: the staged jars in a fixed order (the class data sharing archive records it).
broker_classpath() {
    local jars=("$LIB"/*.jar) IFS=:
    echo "${jars[*]}"
}

# Class data sharing: with an archive, a node maps the classes instead of loading them; without one,
# node 1 records them when it exits cleanly (stop), and stop adopts its archive for every later node.
cds_flags() {
    local archive=$LIB/kafka-broker.jsa flags="-Xlog:cds=off -Xlog:cds+dynamic=off"
    if [[ -f $archive ]]; then
        flags+=" -XX:SharedArchiveFile=$archive"
    elif [[ $1 == 1 ]]; then
        flags+=" -XX:ArchiveClassesAtExit=$(cds_pending)"
    fi
    echo "$flags"
}

cds_pending() { echo "$LIB/.kafka-broker-$(printf %s "$DIR" | md5sum | cut -c1-8).jsa"; }

adopt_cds_archive() {
    local pending
    pending=$(cds_pending)
    if [[ -f $pending ]]; then
        mv -n "$pending" "$LIB/kafka-broker.jsa"
        rm -f "$pending"
    fi
}

# Short-lived JVMs (keytool, javac, the tool) start about twice as fast with these.
QUICK_JVM=(-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xshare:auto)

# Runs deploy/ClusterTool.java quietly, compiling it when it changed.
tool_java() {
    if [[ ! -f $DIR/tools/ClusterTool.class || $REPO/deploy/ClusterTool.java -nt $DIR/tools/ClusterTool.class ]]; then
        mkdir -p "$DIR/tools"
        javac "${QUICK_JVM[@]/#/-J}" -nowarn -cp "$LIB/*" -d "$DIR/tools" "$REPO/deploy/ClusterTool.java" \
            || die "cannot compile deploy/ClusterTool.java"
    fi
    java "${QUICK_JVM[@]}" -Xmx256m -Dorg.slf4j.simpleLogger.defaultLogLevel=off -cp "$DIR/tools:$LIB/*" "$@"
}

# The admin API checks: ready, status.
cluster_check() {
    tool_java ClusterTool "$@"
}

# --- TLS and SCRAM (--secure) ------------------------------------------------------------------

# A CA, a broker key pair it signs (for 127.0.0.1 and localhost) and a truststore with the CA for
# clients: all PKCS12, made with keytool, under DIR/tls.
make_certificates() {
    local tls=$DIR/tls pw=$1
    mkdir -p "$tls"
    local kt=(keytool "${QUICK_JVM[@]/#/-J}" -noprompt -storetype PKCS12 -storepass "$pw")
    local key=(-keyalg EC -groupname secp256r1 -validity 365)
    "${kt[@]}" -genkeypair -alias ca "${key[@]}" -dname "CN=mmstream test CA" -ext bc:c -keystore "$tls/ca.p12"
    "${kt[@]}" -exportcert -rfc -alias ca -keystore "$tls/ca.p12" -file "$tls/ca.pem"
    "${kt[@]}" -genkeypair -alias broker "${key[@]}" -dname "CN=localhost" -keystore "$tls/broker.p12"
    "${kt[@]}" -certreq -alias broker -keystore "$tls/broker.p12" -file "$tls/broker.csr"
    "${kt[@]}" -gencert -alias ca -keystore "$tls/ca.p12" -infile "$tls/broker.csr" -outfile "$tls/broker.pem" -rfc \
        -validity 365 -ext SAN=ip:127.0.0.1,dns:localhost
    "${kt[@]}" -importcert -alias ca -file "$tls/ca.pem" -keystore "$tls/broker.p12"
    "${kt[@]}" -importcert -alias broker -file "$tls/broker.pem" -keystore "$tls/broker.p12"
    "${kt[@]}" -importcert -alias ca -file "$tls/ca.pem" -keystore "$tls/client-truststore.p12"
}

# The settings a client needs for the SASL_SSL listener, for `mmstream --client-config FILE`.
write_client_properties() {
    local pw=$1 scram=$2
    cat > "$DIR/client-secure.properties" <<EOF
# Client settings for the SASL_SSL listener of the cluster in $DIR
# (bootstrap servers: $(bootstrap_servers secure))
security.protocol=SASL_SSL
sasl.mechanism=SCRAM-SHA-512
sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="$SCRAM_USER" password="$scram";
ssl.truststore.location=$DIR/tls/client-truststore.p12
ssl.truststore.password=$pw
ssl.truststore.type=PKCS12
EOF
}

random_secret() { head -c 18 /dev/urandom | base64 | tr -dc 'A-Za-z0-9'; }

# --- node configuration ------------------------------------------------------------------------

write_server_properties() {
    local n=$1 dir voters="" m
    dir=$(node_dir "$n")
    for m in "${NODES[@]}"; do voters+="$m@127.0.0.1:$(controller_port "$m"),"; done
    local listeners="PLAINTEXT://127.0.0.1:$(client_port "$n"),CONTROLLER://127.0.0.1:$(controller_port "$n")"
    local advertised="PLAINTEXT://127.0.0.1:$(client_port "$n")"
    if ((SECURE)); then
        listeners+=",SASL_SSL://127.0.0.1:$(secure_port "$n")"
        advertised+=",SASL_SSL://127.0.0.1:$(secure_port "$n")"
    fi
    mkdir -p "$dir/data"
    cat > "$dir/server.properties" <<EOF
process.roles=broker,controller
node.id=$n
controller.quorum.voters=${voters%,}
listeners=$listeners
advertised.listeners=$advertised
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT,SASL_SSL:SASL_SSL
log.dirs=$dir/data

# durability: three replicas, two must acknowledge (acks=all), no unclean leader election
default.replication.factor=3
min.insync.replicas=2
offsets.topic.replication.factor=3
transaction.state.log.replication.factor=3
transaction.state.log.min.isr=2
share.coordinator.state.topic.replication.factor=3
share.coordinator.state.topic.min.isr=2
unclean.leader.election.enable=false
# a dead follower leaves the in-sync replicas after 10 s instead of 30: until then acks=all writes to
# the partitions it followed wait (measured by ReliabilityIT: ingest paused 34 s after a kill -9)
replica.lag.time.max.ms=10000
# fewer internal partitions than Kafka's 50: quicker first group and transaction on a small machine
offsets.topic.num.partitions=12
transaction.state.log.num.partitions=12
auto.create.topics.enable=false
group.initial.rebalance.delay.ms=0

# mm.frames and mm.dlq carry records up to Topics.FRAME_MAX_MESSAGE_BYTES (4 MiB): 5 MiB ceiling
message.max.bytes=5242880
replica.fetch.max.bytes=5242880

# small footprint: three brokers share two cores and the tests' memory
num.network.threads=2
num.io.threads=4
num.replica.fetchers=1
background.threads=4
log.cleaner.threads=1
log.cleaner.dedupe.buffer.size=16777216
EOF
    if ((SECURE)); then
        cat >> "$dir/server.properties" <<EOF

# clients on SASL_SSL: TLS with the broker key from tls/broker.p12, SCRAM-SHA-512 users
sasl.enabled.mechanisms=SCRAM-SHA-512
listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;
ssl.keystore.type=PKCS12
ssl.keystore.location=$DIR/tls/broker.p12
ssl.keystore.password=$(cat "$DIR/tls/password")
ssl.key.password=$(cat "$DIR/tls/password")
ssl.client.auth=none
EOF
    fi
}

# Formats the storage of the nodes not formatted yet (the SCRAM user goes into the cluster's first metadata).
format_nodes() {
    local n configs=() scram=-
    for n in "${NODES[@]}"; do
        [[ -f $(node_dir "$n")/data/meta.properties ]] || configs+=("$(node_dir "$n")/server.properties")
    done
    ((${#configs[@]})) || return 0
    if ((SECURE)); then
        scram="SCRAM-SHA-512=[name=$SCRAM_USER,password=$(cat "$DIR/tls/scram-password")]"
    fi
    tool_java ClusterTool format "$CLUSTER_ID" "$scram" "${configs[@]}" >> "$DIR/format.log" 2>&1 \
        || die "cannot format the nodes' storage (see $DIR/format.log)"
}

# --- processes ---------------------------------------------------------------------------------

node_pid() {
    local file
    file=$(node_pidfile "$1")
    [[ -f $file ]] && cat "$file" || true
}

# True when node n's JVM runs (the pid is ours: its command line names its server.properties).
node_running() {
    local pid
    pid=$(node_pid "$1")
    [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null \
        && tr '\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null | grep -q "$(node_dir "$1")/server.properties"
}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

launch_node() {
    local n=$1 extra
    local jvm=(-Xms96m "-Xmx$HEAP" -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -Djava.awt.headless=true
        "-Djava.io.tmpdir=$(node_dir "$n")"
        -Dorg.slf4j.simpleLogger.showDateTime=true "-Dorg.slf4j.simpleLogger.dateTimeFormat=HH:mm:ss.SSS"
        -Dorg.slf4j.simpleLogger.showThreadName=false)
    # extra JVM flags for the nodes, e.g. GC logging: MMSTREAM_CLUSTER_JVM_OPTS="-Xlog:gc:file=gc.log"
    read -r -a extra <<< "$(cds_flags "$n") ${MMSTREAM_CLUSTER_JVM_OPTS:-}"
    jvm+=("${extra[@]}")
    echo "=== $(date -u '+%F %T') starting node $n" >> "$(node_log "$n")"
    # setsid: the node outlives the shell (and test process) that started it; all output to its log
    setsid java "${jvm[@]}" -cp "$(broker_classpath)" kafka.Kafka "$(node_dir "$n")/server.properties" \
        < /dev/null >> "$(node_log "$n")" 2>&1 &
    local pid=$! waited=0
    echo "$pid" > "$(node_pidfile "$n")"
    # until the forked shell has become the JVM, its command line is this script's: node_running would say no
    while kill -0 "$pid" 2>/dev/null && ! node_running "$n" && ((waited++ < 200)); do sleep 0.05; done
}

# Waits until the nodes given listen on their client port, then until the cluster has them all
# registered and a quorum leader; fails naming the node that died or did not come up.
await_nodes() {
    local deadline=$((SECONDS + START_TIMEOUT_S)) n pending
    while :; do
        pending=0
        for n in "$@"; do
            node_running "$n" || die "node $n exited while starting; see $(node_log "$n"): $(tail -n 3 "$(node_log "$n")" | tr '\n' ' ')"
            port_open "$(client_port "$n")" || pending=$n
        done
        ((pending == 0)) && break
        ((SECONDS < deadline)) || die "node $pending does not listen on port $(client_port "$pending") after ${START_TIMEOUT_S} s; see $(node_log "$pending")"
        sleep 0.5
    done
    local running=0
    for n in "${NODES[@]}"; do node_running "$n" && running=$((running + 1)); done
    cluster_check ready "$(live_bootstrap)" "$running" $((deadline - SECONDS > 5 ? deadline - SECONDS : 5)) \
        || die "cluster does not answer; see $DIR/node*.log"
}

stop_pids() {   # $1 = seconds to wait after SIGTERM before SIGKILL, then the pids
    local grace=$1 pid waited=0
    shift
    local pids=("$@")
    ((${#pids[@]})) || return 0
    kill -TERM "${pids[@]}" 2>/dev/null || true
    while ((waited < grace * 2)); do
        local alive=0
        for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null && alive=1; done
        ((alive)) || return 0
        sleep 0.5; waited=$((waited + 1))
    done
    log "nodes still running after $grace s: kill -9"
    kill -KILL "${pids[@]}" 2>/dev/null || true
}

# --- subcommands -------------------------------------------------------------------------------

cmd_start() {
    local want_port=$BASE_PORT want_secure=$SECURE
    if [[ -f $DIR/cluster.env ]]; then
        load_settings
        [[ $want_port == "$BASE_PORT" && $want_secure == "$SECURE" ]] \
            || die "$DIR holds a cluster with --base-port $BASE_PORT$( ((SECURE)) && echo ' --secure'); start it with those options, or remove $DIR"
        for n in "${NODES[@]}"; do node_running "$n" && die "node $n already runs (pid $(node_pid "$n")); stop first"; done
    else
        mkdir -p "$DIR"
        CLUSTER_ID=$(random_secret | head -c 16)
        CLUSTER_ID=$(printf '%s' "$CLUSTER_ID" | base64 | tr '+/' '-_' | tr -d '=' | head -c 22)
        if ((SECURE)); then
            mkdir -p "$DIR/tls"
            random_secret > "$DIR/tls/password"
            random_secret > "$DIR/tls/scram-password"
            make_certificates "$(cat "$DIR/tls/password")" > "$DIR/tls/keytool.log" 2>&1 \
                || die "keytool could not make the certificates; see $DIR/tls/keytool.log"
            write_client_properties "$(cat "$DIR/tls/password")" "$(cat "$DIR/tls/scram-password")"
        fi
    fi
    local n
    for n in "${NODES[@]}"; do
        port_open "$(client_port "$n")" && die "port $(client_port "$n") (node $n) is taken by another program; pick --base-port"
        port_open "$(controller_port "$n")" && die "port $(controller_port "$n") (node $n's controller) is taken; pick --base-port"
    done
    stage_jars
    for n in "${NODES[@]}"; do write_server_properties "$n"; done
    format_nodes
    save_settings
    for n in "${NODES[@]}"; do launch_node "$n"; done
    await_nodes "${NODES[@]}"
    log "3 nodes up in $DIR; bootstrap $(bootstrap_servers plain)"
    if ((SECURE)); then
        log "SASL_SSL bootstrap $(bootstrap_servers secure); client settings $DIR/client-secure.properties"
    fi
}

cmd_status() {
    load_settings
    local n up=0
    for n in "${NODES[@]}"; do
        if node_running "$n"; then
            up=$((up + 1))
            echo "node $n: up (pid $(node_pid "$n")), client port $(client_port "$n"), controller port $(controller_port "$n")$( ((SECURE)) && echo ", SASL_SSL port $(secure_port "$n")")"
        else
            echo "node $n: down (log $(node_log "$n"))"
        fi
    done
    ((up > 0)) || return 1
    cluster_check status "$(live_bootstrap)" || return 1
    ((up == ${#NODES[@]}))
}

cmd_stop() {
    load_settings
    local n pids=()
    for n in "${NODES[@]}"; do node_running "$n" && pids+=("$(node_pid "$n")"); done
    # node 1 writing the class data sharing archive (once per jar cache) must exit cleanly: it stops
    # first, alone, while the others still make a quorum (the last node of a cluster that stops may
    # wait for a quorum that is gone, and be killed)
    if node_running 1 && tr '\0' ' ' < "/proc/$(node_pid 1)/cmdline" | grep -q ArchiveClassesAtExit; then
        stop_pids 60 "$(node_pid 1)"
    fi
    stop_pids 20 "${pids[@]}"
    adopt_cds_archive
    rm -f "$DIR"/node*.pid
    log "stopped ${#pids[@]} node(s) in $DIR"
}

cmd_kill() {
    check_node_arg "${1:-}"
    load_settings
    node_running "$1" || die "node $1 is not running"
    local pid
    pid=$(node_pid "$1")
    kill -KILL "$pid"
    while kill -0 "$pid" 2>/dev/null; do sleep 0.1; done
    log "node $1 killed (kill -9 $pid)"
}

cmd_start_node() {
    check_node_arg "${1:-}"
    load_settings
    node_running "$1" && die "node $1 already runs (pid $(node_pid "$1"))"
    launch_node "$1"
    await_nodes "$1"
    log "node $1 up (pid $(node_pid "$1"))"
}

cmd_bootstrap() {
    load_settings
    if [[ ${1:-} == --secure ]]; then
        ((SECURE)) || die "the cluster in $DIR was started without --secure"
        bootstrap_servers secure
    else
        bootstrap_servers plain
    fi
}

usage() {
    sed -n '9,17p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
    exit 2
}

main() {
    local command="" args=()
    while (($#)); do
        case $1 in
            --dir) DIR=${2:?--dir needs a folder}; shift 2 ;;
            --base-port) [[ ${2:-} =~ ^[0-9]+$ ]] || die "--base-port needs a number"; BASE_PORT=$2; shift 2 ;;
            --secure) if [[ $command == bootstrap ]]; then args+=(--secure); else SECURE=1; fi; shift ;;
            -h|--help) usage ;;
            *) if [[ -z $command ]]; then command=$1; else args+=("$1"); fi; shift ;;
        esac
    done
    [[ $DIR == /* ]] || DIR=$PWD/$DIR   # absolute: the nodes' settings and pid checks name it
    case $command in
        start) cmd_start ;;
        status) cmd_status ;;
        stop) cmd_stop ;;
        kill) cmd_kill "${args[@]}" ;;
        start-node) cmd_start_node "${args[@]}" ;;
        bootstrap) cmd_bootstrap "${args[@]}" ;;
        *) usage ;;
    esac
}

# on one line: bash reads a script as it runs it, so an edit of this file during a run cannot be read half-way
main "$@"; exit $?
