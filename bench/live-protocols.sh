#!/usr/bin/env bash
# Live-caption latency by protocol, side by side in one run: one `./mmstream live` command captions
# five streams at once, each fed samples/dashwood.mp4 LOOPS times in real time through its own path:
#   udp   Debian's ffmpeg sends MPEG-TS to mmstream's UDP port (as bench/live-latency.sh)
#   rtmp  ffmpeg publishes FLV to nginx's RTMP module (libnginx-mod-rtmp); mmstream plays from nginx
#   srt   ffmpeg calls mmstream, which listens (srt://...?mode=listener), MPEG-TS over SRT
#   hls   ffmpeg writes a live playlist (HLS_TIME s segments, default 1) into a folder nginx serves
#   rtsp  VLC (cvlc, run as nobody) serves the file over RTSP/RTP; mmstream is its client
# All five play the same file: 6 s of silence (so that a late joiner loses no word), then the
# recording LOOPS times. Latencies are bench/live-latency.sh's (bench/live_latency.py), with each
# stream's clock from when its publisher started and the recording's time 0 placed on the stream's
# media time by its first final cue. The streams run concurrently: they share the machine's 2
# cores, as several streams of one `live` command do.
#
#   bench/live-protocols.sh [LOOPS]     (default 2: 10 utterances per protocol, ~90 s)
#   HLS_TIME=2 bench/live-protocols.sh  the same with 2 s HLS segments
#   ONE_AT_A_TIME=1 bench/live-protocols.sh 3   each protocol alone, one after another (one live command
#                                               each): what the protocol adds without the others' load
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
need ffmpeg ffmpeg
need nginx nginx-light
need cvlc vlc-bin
[[ -f /usr/lib/nginx/modules/ngx_rtmp_module.so ]] || { echo "bench: apt-get install libnginx-mod-rtmp" >&2; exit 1; }
LOOPS="${1:-2}"
HLS_TIME="${HLS_TIME:-1}"
LEAD=6
OUT="$OUT_DIR/protocols"
rm -rf "$OUT"
mkdir -p "$OUT/nginx/logs" "$OUT/nginx/tmp" "$OUT/hls"
chmod 755 "$OUT"
free_tcp_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
UDP=$(free_udp_port); SRT=$(free_udp_port); RTMP=$(free_tcp_port); HTTP=$(free_tcp_port); RTSP=$(free_tcp_port)

# the media every publisher plays
MEDIA="$OUT/media.mp4"
ffmpeg -v error -y -f lavfi -t "$LEAD" -i anullsrc=r=16000:cl=mono -stream_loop $((LOOPS - 1)) -i "$ROOT/samples/dashwood.mp4" \
  -filter_complex '[0:a][1:a]concat=n=2:v=0:a=1[a]' -map '[a]' -c:a aac -b:a 64k "$MEDIA"
chmod 644 "$MEDIA"

cat >"$OUT/nginx/nginx.conf" <<EOF
load_module /usr/lib/nginx/modules/ngx_rtmp_module.so;
daemon off;
master_process off;
worker_processes 1;
pid $OUT/nginx/nginx.pid;
error_log $OUT/nginx/logs/error.log warn;
events { worker_connections 256; }
rtmp { server { listen 127.0.0.1:$RTMP; application live { live on; record off; } } }
http {
  access_log off;
  client_body_temp_path $OUT/nginx/tmp/body; proxy_temp_path $OUT/nginx/tmp/proxy;
  fastcgi_temp_path $OUT/nginx/tmp/fastcgi; uwsgi_temp_path $OUT/nginx/tmp/uwsgi; scgi_temp_path $OUT/nginx/tmp/scgi;
  types { application/vnd.apple.mpegurl m3u8; video/mp2t ts; }
  server { listen 127.0.0.1:$HTTP; location /hls/ { root $OUT; add_header Cache-Control no-cache; } }
}
EOF
nginx -c "$OUT/nginx/nginx.conf" -p "$OUT/nginx/" &
NGINX=$!
PIDS=()
trap 'kill $NGINX "${PIDS[@]}" 2>/dev/null || true' EXIT

declare -A URL=(
  [udp]="udp://127.0.0.1:$UDP"
  [rtmp]="rtmp://127.0.0.1:$RTMP/live/b"
  [srt]="srt://127.0.0.1:$SRT?mode=listener"
  [hls]="http://127.0.0.1:$HTTP/hls/b.m3u8"
  [rtsp]="rtsp://127.0.0.1:$RTSP/s"
)
ORDER=(udp rtmp srt hls rtsp)

start() { # NAME COMMAND...: starts a publisher, noting when
  date +%s%3N >"$OUT/t0.$1"
  shift
  "$@" &
  PIDS+=($!)
}
publish() { # NAME: starts the publisher of one protocol
  case "$1" in
    udp) start udp ffmpeg -v error -re -i "$MEDIA" -c copy -f mpegts "${URL[udp]}?pkt_size=1316" ;;
    rtmp) start rtmp ffmpeg -v error -re -i "$MEDIA" -c copy -f flv "${URL[rtmp]}" ;;
    srt) start srt ffmpeg -v error -re -i "$MEDIA" -c copy -f mpegts "srt://127.0.0.1:$SRT" ;;
    hls) rm -f "$OUT"/hls/*
      start hls ffmpeg -v error -re -i "$MEDIA" -c copy -f hls -hls_time "$HLS_TIME" -hls_list_size 6 -hls_flags delete_segments "$OUT/hls/b.m3u8" ;;
    # VLC refuses to run as root: nobody serves the file (its HOME for VLC's settings is the bench folder)
    rtsp) start rtsp env HOME="$OUT" setpriv --reuid=nobody --regid=nogroup --clear-groups cvlc -q "$MEDIA" --play-and-exit \
      --sout "#rtp{sdp=${URL[rtsp]}}" ;;
  esac
}
run_live() { # JSONL NAME...: one live command captions the named streams while their publishers play
  local jsonl=$1 urls=() name
  shift
  for name in "$@"; do urls+=("${URL[$name]}"); done
  /usr/bin/time -f "%M" -o "$OUT/rss" "$ROOT/mmstream" --data-dir "$OUT/data" live "${urls[@]}" --timeout 6 --jsonl "$jsonl" \
    2>>"$OUT/live.err" &
  local live=$!
  # the command reads its streams once it listens on its UDP and SRT ports
  [[ " $* " == *" udp "* ]] && await_udp "$UDP" "$live" "$OUT/live.err"
  [[ " $* " == *" srt "* ]] && await_udp "$SRT" "$live" "$OUT/live.err"
  for name in "$@"; do publish "$name"; done
  wait $live || echo "live exited with status $?"
  echo "peak RSS of live ($*): $(( $(cat "$OUT/rss") / 1024 )) MB"
}
if [[ "${ONE_AT_A_TIME:-0}" == 1 ]]; then
  for name in "${ORDER[@]}"; do run_live "$OUT/cues-$name.jsonl" "$name"; done
else
  run_live "$OUT/cues.jsonl" "${ORDER[@]}"
  for name in "${ORDER[@]}"; do ln -sf cues.jsonl "$OUT/cues-$name.jsonl"; done
fi

DURATION=$(ffprobe -v error -show_entries format=duration -of csv=p=0 "$ROOT/samples/dashwood.mp4")
for name in "${ORDER[@]}"; do
  url="${URL[$name]}"
  # the stream's media time of the recording's time 0: its first final cue holds the first words (at 0.742 s)
  BASE=$(python3 -c "
import json, sys
first = min((c['start_ms'] for c in map(json.loads, open('$OUT/cues-$name.jsonl')) if c['video'] == '$url' and c['final']), default=None)
print(0 if first is None else first - 742)")
  echo "== $name ($url): recording starts at media $((BASE)) ms"
  python3 "$ROOT/bench/live_latency.py" "$OUT/cues-$name.jsonl" "$ROOT/samples/dashwood.segments.tsv" \
    "$(($(cat "$OUT/t0.$name") + LEAD * 1000))" "$DURATION" "$LOOPS" "$url" "$BASE"
done
grep -E "reopening|pause|ended|faster" "$OUT/live.err" | grep -v "no data for 6 s: the stream has ended" | sed 's/^/stderr: /' | head -20 || true
