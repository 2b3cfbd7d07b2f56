# Shared by the bench scripts: the built jar's classpath and the JVM flags the launcher uses.
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT_DIR="$ROOT/bench/out"
mkdir -p "$OUT_DIR/cache/tmp"
if [[ ! -f "$ROOT/streams/target/mmstream-streams-0.1.0-SNAPSHOT.jar" ]]; then
  (cd "$ROOT" && ./mvnw -B -q -DskipTests package)
fi
CP="$ROOT/streams/target/mmstream-streams-0.1.0-SNAPSHOT.jar:$ROOT/streams/target/lib/*"
JAVA_FLAGS=(-Dorg.bytedeco.javacpp.cachedir="$OUT_DIR/cache/javacpp" -Djna.tmpdir="$OUT_DIR/cache/jna"
  -Djava.io.tmpdir="$OUT_DIR/cache/tmp" -Dai.djl.offline=true)
need() { command -v "$1" >/dev/null 2>&1 || { echo "bench: '$1' not found (apt-get install $2)" >&2; exit 1; }; }
# free_udp_port: a loopback UDP port nothing listens on
free_udp_port() {
  python3 -c 'import socket; s=socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
# await_udp PORT PID LOG: waits until process PID listens on UDP PORT (binding it ourselves then
# fails); stops the bench with LOG if the process exits first
await_udp() {
  until python3 -c "import socket; s=socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(('127.0.0.1', $1))" 2>/dev/null; [[ $? -ne 0 ]]; do
    kill -0 "$2" 2>/dev/null || { echo "live exited early:"; cat "$3"; exit 1; }
    sleep 0.1
  done
}
# ingest_shapes NAME COUNT: the generated shapes set of COUNT pictures (seed 1, made once) ingested by the
# launcher $MM into a fresh data dir; sets WORK ($OUT_DIR/NAME), SET and DATA
ingest_shapes() {
  WORK="$OUT_DIR/$1"; SET="$WORK/shapes-$2"; DATA="$WORK/data-$2"
  mkdir -p "$WORK"
  [[ -d "$SET" ]] || "$ROOT/bench/shapes-set.sh" "$SET" "$2" 1 | head -1
  rm -rf "$DATA"
  "$MM" --data-dir "$DATA" ingest --no-progress "$SET" | tail -1
}
