#!/usr/bin/env bash
# Makes the search test library (the one SearchIT indexes) in a folder: one video per line of
# streams/src/test/resources/search/library.tsv, its speech said by espeak-ng or taken from Debian's
# pocketsphinx-testdata (LibriVox), over an ffmpeg test picture of its own. Not committed.
#
#   bench/make-search-library.sh OUT_DIR
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="${1:?usage: make-search-library.sh OUT_DIR}"
for c in ffmpeg espeak-ng; do command -v "$c" >/dev/null || { echo "need $c (apt-get install $c)" >&2; exit 1; }; done
mkdir -p "$OUT/talks"
tail -n +1 "$ROOT/streams/src/test/resources/search/library.tsv" | grep -v '^#' | tail -n +2 |
while IFS=$'\t' read -r name source picture text; do
  wav="$OUT/$name.wav"
  dir="$OUT"
  if [[ "$source" == espeak ]]; then
    espeak-ng -v en -s 130 -g 3 -w "$wav" "$text"
  else
    wav="/usr/share/pocketsphinx/test/data/librivox/${source#librivox:}.wav"
    dir="$OUT/talks"
  fi
  sep=":"; [[ "$picture" == *=* ]] || sep="="
  ffmpeg -v error -y -f lavfi -i "$picture${sep}size=320x180:rate=10" -i "$wav" -af adelay=500:all=1,apad=pad_dur=1 \
    -shortest -c:v libx264 -pix_fmt yuv420p -c:a aac "$dir/$name.mp4" </dev/null
  rm -f "$OUT/$name.wav"
done
echo "$OUT"
