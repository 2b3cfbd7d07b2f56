#!/usr/bin/env bash
# Search at scale: a synthetic library of VIDEOS x PER_VIDEO spoken segments (default 1,000 x 100 =
# 100,000; seeded sentences of everyday topics, bench SearchCorpus) written onto a fresh data dir's
# topics and indexed by `mmstream serve` (MiniLM vectors and all), then:
#   - latency through the HTTP API (GET /api/search, sequential, after a warm-up), per ranking;
#   - latency through the CLI (`mmstream search`, a process per query, JVM start included);
#   - HNSW recall@10 of the sentence vectors against an exact scan.
#
#   bench/search-latency.sh [VIDEOS] [PER_VIDEO] [QUERIES]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
VIDEOS="${1:-1000}"; PER_VIDEO="${2:-100}"; QUERIES="${3:-300}"
DATA="$OUT_DIR/search-latency-data"
MM="$ROOT/mmstream"
"$MM" --data-dir "$DATA" broker stop >/dev/null 2>&1 || true
if [[ "${REUSE:-}" != 1 || ! -d "$DATA" ]]; then   # REUSE=1: search the library the last run indexed
  rm -rf "$DATA"
  java "${JAVA_FLAGS[@]}" -cp "$CP" io.mmstream.streams.bench.SearchCorpus "$DATA" "$VIDEOS" "$PER_VIDEO"
fi
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$MM" --data-dir "$DATA" serve --port "$PORT" > "$OUT_DIR/serve.out" 2> "$OUT_DIR/serve.err" &
SERVE=$!
trap 'kill $SERVE 2>/dev/null || true' EXIT
started=$(date +%s)
until [[ "$(curl -s "http://127.0.0.1:$PORT/api/videos" | grep -o '"video"' | wc -l)" -ge "$VIDEOS" ]]; do
  kill -0 $SERVE || { cat "$OUT_DIR/serve.err"; exit 1; }
  sleep 5
done
echo "indexed $((VIDEOS * PER_VIDEO)) segments in $(( $(date +%s) - started )) s (serve RSS $(awk '/VmRSS/ {print int($2/1024)}' /proc/$(pgrep -f "serve --port $PORT" | head -1)/status) MB)"
java -cp "$CP" io.mmstream.streams.bench.SearchLoad "http://127.0.0.1:$PORT/" "$QUERIES" 50
kill $SERVE; wait $SERVE || true
cli=()
for q in "the blue boat" "someone fixing a bike by the water" "warm bread at the market" "a musician on a boat" "the stone bridge"; do
  s=$(date +%s.%N); "$MM" --data-dir "$DATA" search "$q" --top 10 --json > /dev/null; e=$(date +%s.%N)
  cli+=("$(echo "$e - $s" | bc -l)")
done
printf 'CLI search (a process per query): %s s\n' "$(printf '%.2f ' "${cli[@]}")"
java "${JAVA_FLAGS[@]}" -cp "$CP" io.mmstream.streams.bench.HnswRecall "$DATA" 200
"$MM" --data-dir "$DATA" broker stop >/dev/null
