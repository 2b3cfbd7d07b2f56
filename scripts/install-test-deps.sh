#!/usr/bin/env bash
# Installs, on a fresh machine with only JDK 17, what the integration tests (*IT) compare against;
# the README's test command then runs every test with `./mvnw -B verify`.
#   - Debian's ffmpeg (ffprobe is the independent reference for frame counts and timestamps)
#   - Debian's pocketsphinx-testdata (real recorded LibriVox speech for the recognition test)
#   - Debian's chromium (headless: ServeIT opens the live-captions page as a user would)
#   - Debian's chromium-driver (Selenium WebDriver drives that chromium: ServeSearchIT plays a search result)
#   - Debian's espeak-ng (SearchIT speaks the sentences of its test library)
#   - Debian's python3-skimage (its data folder holds the photographs CenterNetDetectorIT and DetectIT detect objects in)
#   - Debian's nginx-light and libnginx-mod-rtmp (LiveProtocolsIT: nginx relays RTMP and serves an HLS folder)
#   - Debian's vlc-bin and vlc-plugin-base (LiveProtocolsIT: VLC serves a file over RTSP, run as nobody)
# The product itself needs neither: FFmpeg, Vosk and its model come from Maven Central.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

missing=()
command -v ffprobe >/dev/null 2>&1 || missing+=(ffmpeg)
[[ -f /usr/share/pocketsphinx/test/data/librivox/transcription ]] || missing+=(pocketsphinx-testdata)
[[ -x /usr/bin/chromium ]] || missing+=(chromium)
[[ -x /usr/bin/chromedriver ]] || missing+=(chromium-driver)
command -v espeak-ng >/dev/null 2>&1 || missing+=(espeak-ng)
[[ -f /usr/lib/python3/dist-packages/skimage/data/chelsea.png ]] || missing+=(python3-skimage)
[[ -x /usr/sbin/nginx ]] || missing+=(nginx-light)
[[ -f /usr/lib/nginx/modules/ngx_rtmp_module.so ]] || missing+=(libnginx-mod-rtmp)
[[ -x /usr/bin/cvlc ]] || missing+=(vlc-bin)
[[ -f /usr/lib/x86_64-linux-gnu/vlc/plugins/stream_out/libstream_out_rtp_plugin.so ]] || missing+=(vlc-plugin-base)
if ((${#missing[@]})); then
  echo "install-test-deps: installing ${missing[*]}" >&2
  SUDO=""
  [[ $(id -u) -eq 0 ]] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi
