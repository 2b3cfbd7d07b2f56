#!/usr/bin/env bash
# Retrieval quality of keyword, meaning and fused ranking: the search test library (13 videos of real
# and synthesised speech, bench/make-search-library.sh) indexed with `mmstream index`, then SearchIT's
# queries (streams/src/test/resources/search/queries.tsv, written before any tuning): recall@1,
# recall@5 and MRR of the expected video, per ranking and per kind of query (the words spoken, or
# other words for their meaning). Then, in the same run, the library's codebook and a CLIP model are
# trained by replay (codebook train, pretrain --model clip), index puts the clips into the model's
# space, and the same queries are measured again with "shown" (the clips by CLIP) and fused with it.
# The CLIP model is trained on this library: its figures say what it adds where it was trained.
#
#   bench/search-quality.sh
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
LIB="$OUT_DIR/search-library"
DATA="$OUT_DIR/search-quality-data"
[[ -d "$LIB" ]] || "$ROOT/bench/make-search-library.sh" "$LIB" >/dev/null
rm -rf "$DATA"
"$ROOT/mmstream" --data-dir "$DATA" index "$LIB" --no-progress
"$ROOT/mmstream" --data-dir "$DATA" broker stop >/dev/null
QUERIES="$ROOT/streams/src/test/resources/search/queries.tsv"
java "${JAVA_FLAGS[@]}" -cp "$CP" io.mmstream.streams.bench.RetrievalQuality "$DATA" "$QUERIES"
"$ROOT/mmstream" --data-dir "$DATA" codebook train --levels 2 --branching 3 >/dev/null
"$ROOT/mmstream" --data-dir "$DATA" pretrain --model clip --steps "${CLIP_STEPS:-300}" --no-progress
"$ROOT/mmstream" --data-dir "$DATA" index "$LIB" --no-progress
"$ROOT/mmstream" --data-dir "$DATA" broker stop >/dev/null
java "${JAVA_FLAGS[@]}" -cp "$CP" io.mmstream.streams.bench.RetrievalQuality "$DATA" "$QUERIES"
