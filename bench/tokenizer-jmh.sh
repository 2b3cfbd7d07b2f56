#!/usr/bin/env bash
# JMH benchmarks of the visual tokenizer: hierarchical assignment against a flat scan of the same
# 20,736 leaves (1024-d, 4 x 12), the Vector API distance kernel against the scalar one, and the time
# to train the 4 x 12 tree on 100,000 1024-d features.
#
#   bench/tokenizer-jmh.sh [JMH ARGS...]     (default: all three, short runs suited to 2 cores)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
./mvnw -B -q -pl tokenizer -am -DskipTests install
CP_FILE="$ROOT/tokenizer/target/jmh.classpath"
./mvnw -B -q -pl tokenizer dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$CP_FILE"
CP="$ROOT/tokenizer/target/test-classes:$ROOT/tokenizer/target/classes:$(cat "$CP_FILE")"
ARGS=("$@")
if ((${#ARGS[@]} == 0)); then
  ARGS=(-f 1 -wi 3 -w 2s -i 5 -r 2s "AssignmentBenchmark|KernelBenchmark")
fi
java --add-modules jdk.incubator.vector -cp "$CP" org.openjdk.jmh.Main -jvmArgsAppend "--add-modules jdk.incubator.vector" "${ARGS[@]}"
if [[ $# -eq 0 ]]; then
  java --add-modules jdk.incubator.vector -cp "$CP" org.openjdk.jmh.Main -jvmArgsAppend "--add-modules jdk.incubator.vector -Xmx4g" \
    -f 1 -wi 0 -i 1 TrainingBenchmark
fi
