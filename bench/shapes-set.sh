#!/usr/bin/env bash
# A generated image-caption set with compositional captions (models' ShapesCaptionSet): COUNT pictures of
# 128 x 128 px, each with 1 to 3 circles, squares or triangles in red, green, blue or yellow, at a side of
# the picture or one group left of or above another, and a sidecar caption saying exactly that
# ("two red circles left of a blue square", "a yellow triangle at the top"). The seed fixes the set.
# Writes OUT_DIR/NNNNN.png + NNNNN.txt, and beside the folder OUT_DIR.jsonl: per picture its path, caption
# and attributes (placement; groups of count, colour and shape; each shape's box), from which questions
# and answers or zero-shot labels can be made.
#
#   bench/shapes-set.sh OUT_DIR [COUNT] [SEED]   (defaults: 1000 pictures, seed 1)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
[[ $# -ge 1 ]] || { echo "usage: bench/shapes-set.sh OUT_DIR [COUNT] [SEED]" >&2; exit 2; }
OUT="$1"; COUNT="${2:-1000}"; SEED="${3:-1}"
# a jar built before the generator existed: build again
if ! jar tf "$ROOT/streams/target/lib/mmstream-models-0.1.0-SNAPSHOT.jar" | grep -q 'eval/ShapesCaptionSet.class'; then
  (cd "$ROOT" && ./mvnw -B -q -DskipTests package -pl streams -am)
fi
java "${JAVA_FLAGS[@]}" -Djava.awt.headless=true -cp "$CP" io.mmstream.models.eval.ShapesCaptionSet "$OUT" "$COUNT" "$SEED"
