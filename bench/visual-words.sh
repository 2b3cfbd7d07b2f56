#!/usr/bin/env bash
# How well visual words separate shots of different objects, by clip features: color-motion-v1 (the
# default, hand-made) against centernet (the bundled COCO detector's backbone), on the same videos.
# The videos are Debian's photographs (python3-skimage: a cat, a cup, a horse, an astronaut, a rocket,
# and a motorcycle seen from two sides, both labelled motorcycle), each filmed in SHOTS shots framed
# differently, as other cameras and other light would: a slow zoom on the whole picture in its own
# colours; a pan across a mirrored crop with the hues turned by 90 degrees; a tighter crop in grey.
# Each shot lasts 6 s at 20 fps (three full clips).
# A codebook of LEVELS x BRANCHING words is trained on each extractor's clips; the report is
# VisualWordQuality's (normalised mutual information and purity of word against object, and how often
# clips of the same object in different shots share a word, against clips of different objects).
#
#   bench/visual-words.sh [LEVELS] [BRANCHING]   (defaults: 1 level of 8 branches: 8 words for 6 objects)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
need ffmpeg ffmpeg
LEVELS="${1:-1}"; BRANCHING="${2:-8}"
PHOTOS=/usr/lib/python3/dist-packages/skimage/data
SHOTS="$OUT_DIR/visual-words-shots"
mkdir -p "$SHOTS"
shot() { # OBJECT N PHOTO FILTER
  local out="$SHOTS/$1__$2.mp4"
  [[ -f "$out" ]] || ffmpeg -v error -nostdin -y -loop 1 -i "$3" -t 6 \
    -vf "scale=960:640:force_original_aspect_ratio=increase,crop=960:640,$4,scale=640:360,setsar=1,fps=20,format=yuv420p" \
    -c:v libx264 -preset veryfast "$out"
}
n=0
for entry in cat:chelsea.png cup:coffee.png horse:horse.png person:astronaut.png rocket:rocket.jpg \
    motorcycle:motorcycle_left.png motorcycle:motorcycle_right.png; do
  object="${entry%%:*}"; photo="$PHOTOS/${entry#*:}"
  shot "$object" $((n++)) "$photo" "zoompan=z='1+0.0015*on':x='iw/2-(iw/zoom/2)':y='ih/2-(ih/zoom/2)':d=1:s=960x640:fps=20"
  shot "$object" $((n++)) "$photo" "crop=768:512:'96*(1+sin(t/2))':64,hflip,hue=h=90"
  shot "$object" $((n++)) "$photo" "crop=640:440:160:100,hue=s=0:b=-1"
done
echo "$(ls "$SHOTS"/*.mp4 | wc -l) shots in $SHOTS; codebook $LEVELS x $BRANCHING"
java "${JAVA_FLAGS[@]}" -cp "$CP" io.mmstream.streams.bench.VisualWordQuality "$SHOTS" "$LEVELS" "$BRANCHING" \
  color-motion-v1 centernet
