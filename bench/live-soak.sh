#!/usr/bin/env bash
# Live captions for hours: a soak run. Debian's ffmpeg plays samples/dashwood.mp4 in a loop, in real
# time (-re), to loopback UDP ports:
#   - one stream for SINGLE_MINUTES, captioned by one `./mmstream live` (its own data dir);
#   - at the same time, EIGHT_COUNT streams for MULTI_MINUTES, captioned by one other `live` command
#     with all of them (a second data dir, so each run has its own broker and consumer group).
# Every minute it samples, for each live process: resident memory (VmRSS), heap in use and old
# generation in use (jstat), threads, its broker's resident memory, the lag of the captioning
# consumer group on mm.audio (records not yet recognised and committed; one record is 0.1 s of
# audio), and how far the partial cues of that minute trail the audio they cover (wall clock at the
# cue - wall clock when that audio was sent; the looped sender's clock drifts a little from the wall
# clock over hours, so read its trend, not its absolute value). When the senders stop, each command
# must end by itself (the streams' end records written: `live` exits only when every stream's last
# words are out) with status 0.
#
#   bench/live-soak.sh [SINGLE_MINUTES] [MULTI_MINUTES] [EIGHT_COUNT]   (defaults: 120 30 8; 0 skips a run)
#   OUT_NAME=soak-8 bench/live-soak.sh 0 30 8     (results under bench/out/$OUT_NAME, default soak)
#
# Writes bench/out/soak/{single,multi}.tsv (one row a minute), the commands' stderr and JSON lines,
# and soak.png (memory and lag over time; needs python3-matplotlib), and prints a summary: memory
# growth from minute 10 to the end, lag at the start and the end, threads, and how each run ended.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
need ffmpeg ffmpeg
need jstat openjdk-17-jdk-headless
SINGLE_MINUTES="${1:-120}"
MULTI_MINUTES="${2:-30}"
EIGHT_COUNT="${3:-8}"
OUT="$OUT_DIR/${OUT_NAME:-soak}"
rm -rf "$OUT"
mkdir -p "$OUT"
MEDIA="$ROOT/samples/dashwood.mp4"
DURATION=$(ffprobe -v error -show_entries format=duration -of csv=p=0 "$MEDIA")
loops() { python3 -c "import math; print(math.ceil($1 * 60 / $DURATION))"; }

# start_run NAME N MINUTES: a live command on N fresh ports, then N senders; sets PIDS_<NAME>
start_run() {
  local name=$1 n=$2 minutes=$3 urls=() ports=() i
  for ((i = 0; i < n; i++)); do
    ports+=("$(free_udp_port)")
    urls+=("udp://127.0.0.1:${ports[$i]}")
  done
  "$ROOT/mmstream" --data-dir "$OUT/data-$name" live "${urls[@]}" --timeout 10 --jsonl "$OUT/$name.jsonl" \
    2>"$OUT/$name.err" &
  local live=$!
  echo "$live" >"$OUT/$name.pid"
  for port in "${ports[@]}"; do await_udp "$port" "$live" "$OUT/$name.err"; done
  date +%s%3N >"$OUT/$name.t0"
  for port in "${ports[@]}"; do
    ffmpeg -v error -re -stream_loop $(($(loops "$minutes") - 1)) -i "$MEDIA" -c copy -t $((minutes * 60)) \
      -f mpegts "udp://127.0.0.1:$port?pkt_size=1316" 2>>"$OUT/$name.sender.err" &
    echo $! >>"$OUT/$name.senders"
  done
  echo "soak: $name: $n stream(s) for $minutes min, live pid $live" >&2
}

# sample NAME MINUTE: one row of NAME's table
sample() {
  local name=$1 minute=$2 pid t0 now rss threads heap old broker_pid broker_rss lag members bootstrap
  pid=$(cat "$OUT/$name.pid")
  alive "$pid" || return 0
  t0=$(cat "$OUT/$name.t0")
  rss=$(awk '/VmRSS/ {print int($2 / 1024)}' "/proc/$pid/status" 2>/dev/null || echo NA)
  threads=$(awk '/Threads/ {print $2}' "/proc/$pid/status" 2>/dev/null || echo NA)
  # jstat -gc: S0C S1C S0U S1U EC EU OC OU ... (KB)
  read -r heap old < <(jstat -gc "$pid" 2>/dev/null | awk 'NR == 2 {printf "%d %d\n", ($3 + $4 + $6 + $8) / 1024, $8 / 1024}') \
    || { heap=NA; old=NA; }
  broker_pid=$(sed -n 's/.*(pid \([0-9]*\).*/\1/p' <("$ROOT/mmstream" --data-dir "$OUT/data-$name" broker status 2>/dev/null) | head -1)
  bootstrap=$(sed -n 's/.*running at \([0-9.:]*\).*/\1/p' <("$ROOT/mmstream" --data-dir "$OUT/data-$name" broker status 2>/dev/null) | head -1)
  broker_rss=$(awk '/VmRSS/ {print int($2 / 1024)}' "/proc/$broker_pid/status" 2>/dev/null || echo NA)
  read -r members lag < <(java -cp "$CP" io.mmstream.streams.bench.GroupLag "$bootstrap" mmstream-live-captions 2>/dev/null \
    | awk -F'\t' '$1 == "mmstream-live-captions" {print $2, $3}') || { members=NA; lag=NA; }
  now=$(date +%s%3N)
  # partial cues emitted in the last minute: how far behind the audio they cover
  cue_lag=$(python3 - "$OUT/$name.jsonl" "$t0" "$now" <<'PY'
import json, sys
t0, now = int(sys.argv[2]), int(sys.argv[3])
xs = []
try:
    for line in open(sys.argv[1]):
        c = json.loads(line)
        if not c["final"] and now - 60_000 <= c["emitted_at"] < now:
            xs.append(c["emitted_at"] - (t0 + c["end_ms"]))
except FileNotFoundError:
    pass
xs.sort()
print(f"{xs[len(xs) // 2] / 1000:.2f}\t{xs[int(len(xs) * 0.95)] / 1000:.2f}\t{len(xs)}" if xs else "NA\tNA\t0")
PY
)
  printf '%d\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$minute" "$rss" "$heap" "$old" "$threads" "$broker_rss" "$members" "$lag" "$cue_lag" \
    >>"$OUT/$name.tsv"
}

header=$'minute\trss_mb\theap_used_mb\told_gen_mb\tthreads\tbroker_rss_mb\tgroup_members\taudio_lag_records\tpartial_lag_p50_s\tpartial_lag_p95_s\tpartial_cues'
RUNS=()
((SINGLE_MINUTES > 0)) && RUNS+=(single)
((MULTI_MINUTES > 0 && EIGHT_COUNT > 0)) && RUNS+=(multi)
for name in "${RUNS[@]}"; do echo "$header" >"$OUT/$name.tsv"; done
((SINGLE_MINUTES > 0)) && start_run single 1 "$SINGLE_MINUTES"
((MULTI_MINUTES > 0 && EIGHT_COUNT > 0)) && start_run multi "$EIGHT_COUNT" "$MULTI_MINUTES"
START=$(date +%s)
minute=0
# a live command still running (a pid the system gave to another process since does not count)
alive() { [[ -r /proc/$1/cmdline ]] && grep -q ' live ' <(tr '\0' ' ' <"/proc/$1/cmdline" 2>/dev/null); }
running() {
  local name
  for name in "${RUNS[@]}"; do alive "$(cat "$OUT/$name.pid")" && return 0; done
  return 1
}
while running; do
  sleep $((START + (minute + 1) * 60 - $(date +%s))) 2>/dev/null || true
  minute=$((minute + 1))
  line="soak: minute $minute:"
  for name in "${RUNS[@]}"; do
    sample "$name" "$minute"
    line+=" $name $(tail -1 "$OUT/$name.tsv" | cut -f2,5,8,9 | tr '\t' ' ')"
  done
  echo "$line" >&2
done
for name in "${RUNS[@]}"; do
  wait "$(cat "$OUT/$name.pid")" 2>/dev/null && status=0 || status=$?
  echo "$status" >"$OUT/$name.status"
done

# Debian's python3 has python3-matplotlib; another python3 on the PATH may not
PY3=python3
[[ -x /usr/bin/python3 ]] && PY3=/usr/bin/python3
"$PY3" - "$OUT" "$SINGLE_MINUTES" "$MULTI_MINUTES" "${RUNS[@]}" <<'PY'
import json, sys
out, minutes, runs = sys.argv[1], {"single": int(sys.argv[2]), "multi": int(sys.argv[3])}, sys.argv[4:]
def rows(name):
    lines = open(f"{out}/{name}.tsv").read().split("\n")[1:]
    return [l.split("\t") for l in lines if l]
def num(x):
    try:
        return float(x)
    except ValueError:
        return None
for name in runs:
    r = rows(name)
    status = open(f"{out}/{name}.status").read().strip()
    err = open(f"{out}/{name}.err").read()
    cues = [json.loads(l) for l in open(f"{out}/{name}.jsonl")]
    ended = err.count("the stream has ended")
    died = err.count("died:") + err.count("failed on thread")
    print(f"{name}: {len(r)} samples over {minutes[name]} min of streams; exit status {status}; "
          f"streams ended: {ended}; thread deaths reported: {died}; final cues: {sum(1 for c in cues if c['final'])}")
    during = [x for x in r if int(x[0]) <= minutes[name]]
    late = [x for x in during if int(x[0]) >= 10 and num(x[1])]
    if late:
        a, b = num(late[0][1]), num(late[-1][1])
        top = max(num(x[1]) for x in late)
        print(f"  RSS minute 10: {a:.0f} MB, end: {b:.0f} MB ({(b - a) / a * 100:+.1f}%), max from minute 10: {top:.0f} MB ({(top - a) / a * 100:+.1f}%)")
        olds = [num(x[3]) for x in late if num(x[3]) is not None]
        print(f"  heap in use: {min(num(x[2]) for x in late):.0f}-{max(num(x[2]) for x in late):.0f} MB; old generation {min(olds):.0f}-{max(olds):.0f} MB")
        th = [int(x[4]) for x in during if x[4] != "NA"]
        print(f"  threads: {min(th)}-{max(th)}; broker RSS {late[0][5]} -> {late[-1][5]} MB")
        lags = [num(x[7]) for x in during if num(x[7]) is not None]
        print(f"  audio lag (records of 0.1 s): max {max(lags):.0f}, last {lags[-1]:.0f}")
        first = [num(x[8]) for x in during[:5] if num(x[8]) is not None]
        last = [num(x[8]) for x in during[-5:] if num(x[8]) is not None]
        if first and last:
            print(f"  partial-cue lag p50, first 5 min: {sum(first) / len(first):.2f} s; last 5 min: {sum(last) / len(last):.2f} s")
try:
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
except ImportError:
    print("no plot: python3-matplotlib is not installed")
    sys.exit(0)
fig, axes = plt.subplots(3, 1, figsize=(9, 9), sharex=True)
for name, color in (("single", "tab:blue"), ("multi", "tab:orange")):
    if name not in runs:
        continue
    r = rows(name)
    m = [int(x[0]) for x in r]
    label = "1 stream" if name == "single" else f"{len(open(f'{out}/{name}.senders').read().split())} streams"
    axes[0].plot(m, [num(x[1]) for x in r], color=color, label=f"{label}: live RSS")
    axes[0].plot(m, [num(x[2]) for x in r], color=color, linestyle=":", label=f"{label}: heap in use")
    axes[1].plot(m, [num(x[8]) for x in r], color=color, label=f"{label}: partial-cue lag p50")
    axes[2].plot(m, [num(x[7]) for x in r], color=color, label=f"{label}: mm.audio records behind")
axes[0].set_ylabel("MB"); axes[1].set_ylabel("s"); axes[2].set_ylabel("records")
axes[2].set_xlabel("minute")
for a in axes:
    a.legend(fontsize=8); a.grid(alpha=0.3)
axes[0].set_ylim(bottom=0)
fig.suptitle("mmstream live: soak (bench/live-soak.sh)")
fig.tight_layout()
fig.savefig(f"{out}/soak.png", dpi=80)
print(f"plot: {out}/soak.png")
PY
