#!/usr/bin/env bash
# Clips per second through the clip topology (mm.frames -> mm.clips) on the embedded broker, with
# exactly-once processing, the held-frames store and its changelog, and the default features.
#
#   bench/clips-throughput.sh [VIDEOS] [SECONDS] [WIDTH] [HEIGHT]    (defaults: 4 videos of 300 s, 256x144)
#
# The frames are written first (not timed); the figure is the topology's own throughput, start-up
# (~1 s) included.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
java "${JAVA_FLAGS[@]}" -cp "$CP" io.mmstream.streams.bench.ClipThroughput "${1:-4}" "${2:-300}" "${3:-256}" "${4:-144}"
