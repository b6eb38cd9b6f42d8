#!/usr/bin/env bash
# JMS feed benchmark: chunk publish throughput and latency from chunk completion to consumer
# receipt, at 200, 1000 and 2000 concurrent streams of 100 ms chunks (16 kHz PCM), against the
# embedded broker and a standalone one. Writes bench/results/jms-publish.md and .csv.
# usage: bench/run-jms-bench.sh [seconds per run, default 20]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
SECONDS_PER_RUN=${1:-20}
RESULTS=bench/results
CSV=$RESULTS/jms-publish.csv
mkdir -p "$RESULTS"
mvn -q -B -DskipTests test-compile
CP="target/test-classes:target/classes:$(cat target/test-classpath.txt)"
echo "mode,streams,chunks_sent,chunks_per_s,published,dropped,received,p50_ms,p99_ms,max_ms,publisher_cpu_cores" > "$CSV"
for mode in embedded external; do
  for streams in 200 1000 2000; do
    echo "== $mode, $streams streams, $SECONDS_PER_RUN s" >&2
    java -Xmx2g -cp "$CP" io.siprec.srs.bench.JmsPublishBench "$mode" "$streams" "$SECONDS_PER_RUN" "$CSV"
  done
done
{
  echo "# JMS feed: publish throughput and latency"
  echo
  echo "Written by \`bench/run-jms-bench.sh\` on $(date -u '+%Y-%m-%d %H:%M UTC'). Each stream completes a"
  echo "100 ms chunk of 16 kHz mono PCM (3200 bytes) every 100 ms, phases spread evenly; the server's"
  echo "JmsAudioPublisher sends them (non-persistent, asynchronous, one connection) to the embedded"
  echo "broker (same JVM) or a standalone Artemis (own process); a consumer in its own process drains"
  echo "the queue. Latency: from the chunk's completion to its receipt (millisecond resolution of the"
  echo "reference). ${SECONDS_PER_RUN} s per run. Target: p99 <= 20 ms at 2000 streams with no drops."
  echo
  echo "| broker | streams | chunks/s offered | published | dropped | received | p50 ms | p99 ms | max ms | publisher JVM CPU (cores) | target |"
  echo "|---|---|---|---|---|---|---|---|---|---|---|"
  tail -n +2 "$CSV" | while IFS=, read -r mode streams sent rate published dropped received p50 p99 max cpu; do
    verdict="-"
    if [[ $streams == 2000 ]]; then
      if [[ $dropped == 0 ]] && awk "BEGIN{exit !($p99 <= 20)}"; then verdict="met"; else verdict="**missed** (p99 $p99 ms, $dropped dropped)"; fi
    fi
    echo "| $mode | $streams | $rate | $published | $dropped | $received | $p50 | $p99 | $max | $cpu | $verdict |"
  done
  echo
  echo "The embedded broker runs in the publisher's JVM, so its CPU is in that column; the standalone"
  echo "broker's is not. Machine: $(nproc) cores, $(awk '/MemTotal/{printf "%.1f GiB", $2/1048576}' /proc/meminfo),"
  echo "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(java -version 2>&1 | head -1);"
  echo "load average before the report: $(cut -d' ' -f1-3 /proc/loadavg)."
} > "$RESULTS/jms-publish.md"
# A hand-written "What limits it" section may follow the table in the committed file: rewrite it
# after a new run.
cat "$RESULTS/jms-publish.md"
