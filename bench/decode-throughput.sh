#!/usr/bin/env bash
# Decode-and-sample throughput of mmstream's ingest path against Debian's ffmpeg CLI doing the same
# decode, sample rate and scale on the same file, alternating in the same run.
#
#   bench/decode-throughput.sh [FILE] [FPS] [WIDTH] [HEIGHT] [ROUNDS]
#
# Without FILE it makes bench/out/bench-640x360.mp4: 120 s of 640x360 30 fps H.264 High at 1 Mb/s
# (testsrc2 with temporal noise, so the decoder has real work). Both sides get one untimed warm-up
# decode of the file first (libraries loaded, the file in the page cache; for mmstream also the JIT):
# ffmpeg's before the rounds, which also counts the frames it keeps, mmstream's inside its JVM.
# mmstream's side is then timed inside that JVM (JVM start and native loading excluded); ffmpeg's side
# is the whole process (it starts in ~50 ms). Both use all cores for decoding (ffmpeg's default, mmstream's
# threads=auto). Ratio = ffmpeg seconds / mmstream seconds: above 1 means mmstream is faster.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
need ffmpeg ffmpeg
need bc bc

FILE="${1:-$OUT_DIR/bench-640x360.mp4}"
FPS="${2:-20}"
W="${3:-256}"
H="${4:-144}"
ROUNDS="${5:-3}"
if [[ ! -f "$FILE" ]]; then
  ffmpeg -v error -nostdin -f lavfi -i "testsrc2=size=640x360:rate=30,noise=alls=20:allf=t" -t 120 \
    -c:v libx264 -profile:v high -b:v 1M -pix_fmt yuv420p -y "$FILE"
fi
MAX_SIDE=$(( W > H ? W : H ))

echo "file: $FILE ($(ffprobe -v error -select_streams v:0 -show_entries stream=codec_name,profile,width,height,avg_frame_rate -of csv=p=0 "$FILE"))"
echo "sampling: $FPS fps, scaled to ${W}x${H} RGB24"
ff_args=(-v error -nostdin -i "$FILE" -an -vf "fps=$FPS,scale=$W:$H:flags=bilinear,format=rgb24" -f rawvideo)
FF_FRAMES=$(( $(ffmpeg "${ff_args[@]}" - | wc -c) / (W * H * 3) ))
ff_times=(); mm_times=(); ratios=()
for ((r = 1; r <= ROUNDS; r++)); do
  start=$(date +%s.%N)
  ffmpeg "${ff_args[@]}" -y /dev/null
  end=$(date +%s.%N)
  ff=$(echo "$end - $start" | bc -l)
  summary=$(java "${JAVA_FLAGS[@]}" -cp "$CP" io.mmstream.streams.bench.DecodeThroughput "$FILE" "$FPS" "$MAX_SIDE" 1 | grep '^median_s=')
  mm=$(sed -n 's/^median_s=\([0-9.]*\).*/\1/p' <<< "$summary")
  MM_FRAMES=$(sed -n 's/.* kept=\([0-9]*\).*/\1/p' <<< "$summary")
  printf 'round %d: ffmpeg %.3f s, mmstream %.3f s, ratio %.3f\n' "$r" "$ff" "$mm" "$(echo "$ff / $mm" | bc -l)"
  ff_times+=("$ff"); mm_times+=("$mm"); ratios+=("$(echo "$ff / $mm" | bc -l)")
done
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
ffm=$(median "${ff_times[@]}"); mmm=$(median "${mm_times[@]}")
# the frames each side kept, as each reported them (ffmpeg's counted from its output in the warm-up)
echo "frames kept: ffmpeg $FF_FRAMES, mmstream $MM_FRAMES"
printf 'median: ffmpeg %.3f s, mmstream %.3f s, ratio (ffmpeg/mmstream, median of the rounds) %.3f\n' "$ffm" "$mmm" "$(median "${ratios[@]}")"
