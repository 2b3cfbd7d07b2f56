#!/usr/bin/env bash
# A real captioned picture set from the npm registry: Twitter's emoji (Twemoji graphics, CC-BY 4.0) as
# packaged by emoji-datasource-twitter (MIT: the names and categories in emoji.json), installed here into
# bench/out/emoji-npm. One 64 x 64 PNG per emoji, flattened onto white, with its Unicode name as the
# caption ("GRINNING FACE WITH SMILING EYES" -> "grinning face with smiling eyes").
# Left out so the captions describe what is drawn and each picture appears once: flags and components
# (skin tones, hair pieces), skin-tone variants (emoji.json nests them under their base emoji), names
# that only spell a CJK ideograph or katakana, a second emoji with a name or a picture already taken.
# Writes OUT_DIR/NNNNN.png + NNNNN.txt; beside the folder OUT_DIR.jsonl (path, caption, short name,
# category and subcategory per picture, for zero-shot labels) and OUT_DIR.LICENSE.
#
#   bench/emoji-set.sh OUT_DIR
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
[[ $# -eq 1 ]] || { echo "usage: bench/emoji-set.sh OUT_DIR" >&2; exit 2; }
command -v ffmpeg >/dev/null || { echo "bench: 'ffmpeg' not found (apt-get install ffmpeg)" >&2; exit 1; }
PACKAGE=emoji-datasource-twitter; VERSION=16.0.0
NPM_DIR="$ROOT/bench/out/emoji-npm"
PKG="$NPM_DIR/node_modules/$PACKAGE"
if [[ ! -f "$PKG/emoji.json" ]] || [[ "$(node -p "require('$PKG/package.json').version")" != "$VERSION" ]]; then
  mkdir -p "$NPM_DIR"
  (cd "$NPM_DIR" && npm install --silent --no-audit --no-fund "$PACKAGE@$VERSION" >/dev/null)
fi
OUT="$(mkdir -p "$1" && cd "$1" && pwd)"
rm -f "$OUT"/[0-9][0-9][0-9][0-9][0-9].png "$OUT"/[0-9][0-9][0-9][0-9][0-9].txt
STAGE="$(mktemp -d)"; trap 'rm -rf "$STAGE"' EXIT
# pick the emoji, write captions and the manifest, stage the pictures numbered for one ffmpeg run
python3 - "$PKG" "$OUT" "$STAGE" <<'PY'
import hashlib, json, os, re, shutil, sys
pkg, out, stage = sys.argv[1:]
emoji = sorted(json.load(open(os.path.join(pkg, "emoji.json"))), key=lambda e: e["sort_order"])
names, pictures, kept = set(), set(), []
skipped = {"flag or component": 0, "ideograph name": 0, "no picture": 0, "name taken": 0, "picture taken": 0}
for e in emoji:
    png = os.path.join(pkg, "img", "twitter", "64", e["image"])
    if e["category"] in ("Flags", "Component"):
        skipped["flag or component"] += 1; continue
    if re.search(r"IDEOGRAPH|KATAKANA", e["name"] or ""):
        skipped["ideograph name"] += 1; continue
    if not e.get("has_img_twitter") or not os.path.isfile(png):
        skipped["no picture"] += 1; continue
    caption = re.sub(r"\s+", " ", re.sub(r"[:,]", " ", e["name"].lower())).strip()
    digest = hashlib.sha1(open(png, "rb").read()).hexdigest()
    if caption in names:
        skipped["name taken"] += 1; continue
    if digest in pictures:
        skipped["picture taken"] += 1; continue
    names.add(caption); pictures.add(digest)
    kept.append((e, png, caption))
with open(out + ".jsonl", "w") as manifest:
    for i, (e, png, caption) in enumerate(kept):
        shutil.copyfile(png, os.path.join(stage, "%05d.png" % i))
        with open(os.path.join(out, "%05d.txt" % i), "w") as f:
            f.write(caption + "\n")
        manifest.write(json.dumps({"path": os.path.basename(out) + "/%05d.png" % i, "caption": caption,
            "short_name": e["short_name"], "category": e["category"], "subcategory": e["subcategory"],
            "unified": e["unified"]}) + "\n")
print("%d of %d emoji kept; skipped: %s" % (len(kept), len(emoji), ", ".join("%s %d" % kv for kv in skipped.items())))
PY
# transparent pixels onto white: models read RGB
ffmpeg -v error -nostdin -y -framerate 1 -start_number 0 -i "$STAGE/%05d.png" \
  -vf "format=rgba,geq=r='255-alpha(X,Y)+r(X,Y)*alpha(X,Y)/255':g='255-alpha(X,Y)+g(X,Y)*alpha(X,Y)/255':b='255-alpha(X,Y)+b(X,Y)*alpha(X,Y)/255':a=255,format=rgb24" \
  -fps_mode passthrough -start_number 0 "$OUT/%05d.png"
pngs=$(find "$OUT" -maxdepth 1 -name '*.png' | wc -l); txts=$(find "$OUT" -maxdepth 1 -name '*.txt' | wc -l)
[[ "$pngs" == "$txts" ]] || { echo "bench: $pngs pictures but $txts captions" >&2; exit 1; }
cat > "$OUT.LICENSE" <<LICENSE
Pictures: Twemoji graphics, copyright Twitter, Inc and other contributors, licensed under CC-BY 4.0
(Creative Commons Attribution 4.0 International), flattened onto white and numbered.
Names and categories: $PACKAGE $VERSION (emoji.json), MIT licence, copyright Cal Henderson.
LICENSE
echo "$pngs picture-caption pairs in $OUT (64 x 64 px); manifest $OUT.jsonl"
echo "licence: pictures Twemoji CC-BY 4.0 (attribution: Twitter, Inc and other contributors); names $PACKAGE $VERSION, MIT"
for i in 00000 00100 00500 01000; do [[ -f "$OUT/$i.txt" ]] && echo "  $i.png  $(cat "$OUT/$i.txt")"; done
