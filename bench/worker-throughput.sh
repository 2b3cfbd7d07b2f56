#!/usr/bin/env bash
# Throughput of 1, 2 and 3 `mmstream worker` instances on the three-broker cluster of deploy/cluster.sh,
# all on this machine. For each count: a fresh cluster, the workers started (each with a data dir of
# its own), then `ingest --no-processing` of COPIES copies of samples/dashwood.mp4 (29.2 s of speech,
# 439 frames each; copies differ in a metadata tag, so each is a video of its own), timed from the
# ingest's start to its end (it ends once the workers have captioned every video and committed every
# clip). Also the CPU seconds the workers, the brokers and the ingest spent (utime + stime), the
# workers' per second of audio (what a worker on a machine of its own would need), and how many of the
# machine's cores were busy with all of it.
#
# Usage: bench/worker-throughput.sh [COPIES] [COUNT...]     (defaults: 8 copies; counts 1 2 3)
# Output: one line per count, and bench/out/workers/throughput.tsv.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
need ffmpeg ffmpeg
need /usr/bin/time time

COPIES=${1:-8}
shift || true
COUNTS=("$@")
((${#COUNTS[@]})) || COUNTS=(1 2 3)
MM="$ROOT/mmstream"
WORK="$OUT_DIR/workers"
CLUSTER="$WORK/cluster"
BASE_PORT=${BASE_PORT:-19500}
AUDIO_S=29.2
FRAMES=439
mkdir -p "$WORK/library"

library=()
for ((i = 1; i <= COPIES; i++)); do
  copy="$WORK/library/copy-$i.mp4"
  [[ -f "$copy" ]] || ffmpeg -nostdin -loglevel error -y -i "$ROOT/samples/dashwood.mp4" -c copy -metadata "comment=copy $i" "$copy"
  library+=("$copy")
done

# cpu_seconds PID...: user + system CPU seconds of the processes so far
cpu_seconds() {
  local total=0 pid ticks
  for pid in "$@"; do
    ticks=$(awk '{print $14 + $15}' "/proc/$pid/stat" 2>/dev/null || echo 0)
    total=$((total + ticks))
  done
  echo "scale=1; $total / $(getconf CLK_TCK)" | bc
}

# java_pid LAUNCHER_PID: the JVM the launcher script runs (it execs java, so usually the same pid)
java_pid() {
  local child
  child=$(pgrep -P "$1" java | head -1 || true)
  echo "${child:-$1}"
}

stop_all() {
  local pid
  for pid in "${WORKERS[@]:-}"; do [[ -n "$pid" ]] && kill "$pid" 2>/dev/null || true; done
  for pid in "${WORKERS[@]:-}"; do [[ -n "$pid" ]] && wait "$pid" 2>/dev/null || true; done
  "$ROOT/deploy/cluster.sh" --dir "$CLUSTER" stop >/dev/null 2>&1 || true
}
trap stop_all EXIT

printf 'workers\twall_s\taudio_s_per_s\tframes_per_s\tworker_cpu_s\tcpu_s_per_audio_s\tbroker_cpu_s\tingest_cpu_s\tcores_busy\n' > "$WORK/throughput.tsv"
for count in "${COUNTS[@]}"; do
  rm -rf "$CLUSTER" "$WORK"/data-*
  "$ROOT/deploy/cluster.sh" --dir "$CLUSTER" start --base-port "$BASE_PORT" >/dev/null
  bootstrap=$("$ROOT/deploy/cluster.sh" --dir "$CLUSTER" bootstrap)
  WORKERS=()
  for ((w = 1; w <= count; w++)); do
    "$MM" --bootstrap-servers "$bootstrap" --data-dir "$WORK/data-w$w" worker > "$WORK/worker-$count-$w.out" 2> "$WORK/worker-$count-$w.err" &
    WORKERS+=($!)
  done
  for ((w = 1; w <= count; w++)); do
    until grep -q "worker: running" "$WORK/worker-$count-$w.out" 2>/dev/null; do
      kill -0 "${WORKERS[$((w - 1))]}" 2>/dev/null || { echo "worker $w exited:"; cat "$WORK/worker-$count-$w.err"; exit 1; }
      sleep 0.5
    done
  done
  sleep 5   # the group settles: every worker holds its partitions before the clock starts
  pids=()
  for pid in "${WORKERS[@]}"; do pids+=("$(java_pid "$pid")"); done
  brokers=()
  for n in 1 2 3; do brokers+=("$(cat "$CLUSTER/node$n.pid")"); done
  cpu0=$(cpu_seconds "${pids[@]}")
  bcpu0=$(cpu_seconds "${brokers[@]}")
  t0=$(date +%s.%N)
  # the busiest threads of the first worker 20 s in: which stage holds the CPU (or that none does)
  (sleep 20; top -H -b -n 1 -p "${pids[0]}" | head -20 > "$WORK/threads-$count.txt") &
  /usr/bin/time -f "%U %S" -o "$WORK/ingest-$count.time" \
    "$MM" --bootstrap-servers "$bootstrap" --data-dir "$WORK/data-ingest" ingest --no-processing --no-progress "${library[@]}" \
    > "$WORK/ingest-$count.out" 2> "$WORK/ingest-$count.err" || { echo "ingest failed:"; cat "$WORK/ingest-$count.err"; exit 1; }
  t1=$(date +%s.%N)
  cpu1=$(cpu_seconds "${pids[@]}")
  bcpu1=$(cpu_seconds "${brokers[@]}")
  icpu=$(awk '{print $1 + $2}' "$WORK/ingest-$count.time")
  stop_all
  WORKERS=()
  python3 - "$count" "$t0" "$t1" "$cpu0" "$cpu1" "$COPIES" "$AUDIO_S" "$FRAMES" "$bcpu0" "$bcpu1" "$icpu" >> "$WORK/throughput.tsv" <<'EOF'
import sys
count, t0, t1, c0, c1, copies, audio, frames, b0, b1, ingest = sys.argv[1:]
wall = float(t1) - float(t0)
audio_s = int(copies) * float(audio)
cpu = float(c1) - float(c0)
brokers = float(b1) - float(b0)
print(f"{count}\t{wall:.1f}\t{audio_s / wall:.2f}\t{int(copies) * int(frames) / wall:.0f}\t{cpu:.1f}\t{cpu / audio_s:.3f}"
      f"\t{brokers:.1f}\t{float(ingest):.1f}\t{(cpu + brokers + float(ingest)) / wall:.2f}")
EOF
  tail -1 "$WORK/throughput.tsv" | awk -F'\t' '{printf "workers %s: %s s wall, %s s of audio a second, %s frames a second; CPU s: workers %s (%s per audio s), brokers %s, ingest %s; %s cores busy\n", $1, $2, $3, $4, $5, $6, $7, $8, $9}'
done
