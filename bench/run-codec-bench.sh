#!/usr/bin/env bash
# Codec decode benchmarks: our Java decoders (JMH) against native reference decoders (spandsp,
# bcg729, libopus), on the same fixture payloads. Writes bench/results/codec-decode.md and
# bench/results/codec-decode.csv. See bench/README.md.
#
# usage: bench/run-codec-bench.sh
# environment (all optional):
#   JMH_ARGS       extra arguments for JMH, e.g. "-i 10" (the defaults are in CodecDecodeBench:
#                  2 forks per codec, each 5 x 1 s warm-up and 5 x 1 s measurement)
#   NATIVE_RUNS    timed runs per native reference (default 10, 3..10), after a calibration run
#   NATIVE_SECONDS rough length of one native run in seconds (default 1)
#   QUIET_BUDGET   seconds the whole run may spend waiting for other processes to go quiet
#                  before each measurement (default 180; 0: never wait)
#   RETRIES        how often a measurement that other processes disturbed (they used more than
#                  0.15 of a core on average meanwhile) is repeated (default 1)
# Each codec is measured in Java and then natively, so the two see similar conditions. The report
# says how much CPU other processes took during each measurement that it kept.
set -euo pipefail
shopt -s inherit_errexit # a failure inside $(...) stops the run too

cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$(pwd)
OUT=$ROOT/target/bench
BUILD=$OUT/build
NATIVE=$OUT/native
FIXTURES=$OUT/fixtures
RESULTS=$ROOT/bench/results
NATIVE_RUNS=${NATIVE_RUNS:-10}
NATIVE_SECONDS=${NATIVE_SECONDS:-1}
QUIET_BUDGET=${QUIET_BUDGET:-180}
RETRIES=${RETRIES:-1}
JMH_ARGS=${JMH_ARGS:-}
BUSY_LIMIT=0.15
CODECS=(pcmu pcma g722 g729 opus)

if (( NATIVE_RUNS < 3 || NATIVE_RUNS > 10 )); then
  echo "NATIVE_RUNS must be 3..10" >&2
  exit 2
fi

log() { echo "== $*" >&2; }

# ---- native libraries -------------------------------------------------------------------------
have_headers() {
  printf '#include <spandsp.h>\n#include <bcg729/decoder.h>\n#include <opus/opus.h>\n' | gcc -E -x c - > /dev/null 2>&1
}
if ! have_headers; then
  if [[ $(id -u) == 0 ]]; then
    log "installing libspandsp-dev libbcg729-dev libopus-dev"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libspandsp-dev libbcg729-dev libopus-dev >&2
  else
    echo "need libspandsp-dev libbcg729-dev libopus-dev (apt-get install -y ...)" >&2
    exit 1
  fi
fi

# ---- build ------------------------------------------------------------------------------------
# The bench profile builds into target/bench/build (not target/classes), up to process-classes,
# where the G.729 decoder classes are unpacked; it compiles the codec package and the benchmarks
# only, and writes the class path to bench.classpath.
log "building the decoders and the benchmarks (mvn -Pbench process-classes)"
rm -rf "$BUILD"
mvn -q -B -Pbench process-classes >&2
CP="$BUILD/classes:$(cat "$BUILD/bench.classpath")"

log "building the native references"
mkdir -p "$NATIVE"
gcc -O2 -Wall -o "$NATIVE/g711_ref" src/bench/native/g711_ref.c -lspandsp
gcc -O2 -Wall -o "$NATIVE/opus_ref" src/bench/native/opus_ref.c -lopus
gcc -O2 -Wall -o "$NATIVE/g722_ref" src/test/native/g722_ref.c -lspandsp
gcc -O2 -Wall -o "$NATIVE/g729_ref" src/test/native/g729_ref.c -lbcg729

log "cutting the fixture payloads"
java -cp "$CP" io.siprec.srs.bench.BenchFixtures src/test/resources "$FIXTURES" > "$OUT/payload-counts.txt"
cat "$OUT/payload-counts.txt" >&2

# ---- how busy the rest of the machine is ----------------------------------------------------------
# Busy CPU ticks of the whole machine, and CPU ticks of the finished children of process $1.
machine_busy() { awk '/^cpu /{print $2+$3+$4+$7+$8+$9; exit}' /proc/stat; }
children_ticks() { awk '{print $16+$17}' "/proc/$1/stat"; }
HZ=$(getconf CLK_TCK)
# snapshot PID: "time busy-ticks own-ticks", own being those of the children that PID reaped
snapshot() { echo "$(date +%s.%N) $(machine_busy) $(children_ticks "$1")"; }
# others "SNAPSHOT" "SNAPSHOT": cores that other processes used in between, on average.
others() {
  awk -v a="$1" -v b="$2" -v hz="$HZ" 'BEGIN {
    split(a, x, " "); split(b, y, " ")
    c = ((y[2] - x[2]) - (y[3] - x[3])) / hz / (y[1] - x[1])
    printf "%.2f", c < 0 ? 0 : c }'
}
over_limit() { awk -v c="$1" -v l="$BUSY_LIMIT" 'BEGIN {exit !(c > l)}'; }

# Waits until other processes have used less than 0.15 of a core in two 2 s windows in a row,
# while the run's QUIET_BUDGET (seconds spent waiting, over all calls) lasts.
: > "$OUT/waited" # seconds spent in wait_quiet, one line per call (it runs in subshells)
rm -f "$OUT/budget-spent"
wait_quiet() {
  local quiet=0 b0 b1 said=0 t0 deadline
  t0=$(date +%s)
  deadline=$(( t0 + QUIET_BUDGET - $(awk '{s += $1} END {print s + 0}' "$OUT/waited") ))
  while (( $(date +%s) < deadline )); do
    b0=$(machine_busy); sleep 2; b1=$(machine_busy)
    if (( (b1 - b0) * 100 < 15 * 2 * HZ )); then
      quiet=$((quiet + 1))
      if (( quiet == 2 )); then echo $(( $(date +%s) - t0 )) >> "$OUT/waited"; return 0; fi
    else
      quiet=0
      if (( said == 0 )); then log "machine busy (other processes); waiting for it to go quiet"; said=1; fi
    fi
  done
  echo $(( $(date +%s) - t0 )) >> "$OUT/waited"
  if (( QUIET_BUDGET > 0 )) && [[ ! -f $OUT/budget-spent ]]; then
    log "QUIET_BUDGET (${QUIET_BUDGET}s) spent: measuring from now on without waiting for a quiet machine"
    touch "$OUT/budget-spent"
  fi
  return 0
}

# ---- measurements -------------------------------------------------------------------------------
# Java: JMH for codec $1; leaves $OUT/jmh-$1.csv and appends to jmh.log.
java_measure() {
  # shellcheck disable=SC2086
  java -cp "$CP" org.openjdk.jmh.Main 'io\.siprec\.srs\.bench\.CodecDecodeBench\.decode$' -p codec="$1" \
    -prof gc -rf csv -rff "$OUT/jmh-$1.csv" $JMH_ARGS > "$OUT/jmh-$1.log" 2>&1 || { cat "$OUT/jmh-$1.log" >&2; return 1; }
  cat "$OUT/jmh-$1.log" >> "$OUT/jmh.log"
  # JMH's csv (CRLF): "Benchmark","Mode","Threads","Samples","Score","Score Error (99.9%)","Unit","Param: codec"
  awk -F, '
    FNR == 1 { next }
    { sub(/\r$/, ""); for (i = 1; i <= NF; i++) gsub(/"/, "", $i) }
    $1 ~ /\.decode$/ { score = $5; err = $6; n = $4 }
    $1 ~ /:gc\.alloc\.rate\.norm$/ { alloc = $5 }
    END { if (score == "") exit 1; printf "%s,%s,%s,%s\n", score, err, n, (alloc == "" ? "NaN" : alloc) }
  ' "$OUT/jmh-$1.csv"
}

# Prints "ns per 20 ms" for one native run of codec $1 with $2 iterations over all its payloads.
native_run() {
  case $1 in
    pcmu) "$NATIVE/g711_ref" bench ulaw "$FIXTURES/pcmu.pkt" "$2" 2>/dev/null ;;
    pcma) "$NATIVE/g711_ref" bench alaw "$FIXTURES/pcma.pkt" "$2" 2>/dev/null ;;
    g722) "$NATIVE/g722_ref" bench "$FIXTURES/g722.raw" "$2" ;;
    g729) "$NATIVE/g729_ref" bench "$FIXTURES/g729.frames" "$2" ;;
    opus) "$NATIVE/opus_ref" bench "$FIXTURES/opus.pkt" "$2" 2>/dev/null ;;
  esac
}
native_name() {
  case $1 in
    pcmu) echo "spandsp g711_decode (mu-law)" ;;
    pcma) echo "spandsp g711_decode (A-law)" ;;
    g722) echo "spandsp g722_decode" ;;
    g729) echo "bcg729 bcg729Decoder" ;;
    opus) echo "libopus opus_decode" ;;
  esac
}
# Student's t, two-sided 99.9%, for n-1 degrees of freedom (n = 3..10): JMH's interval, for n runs.
t999() { echo "31.599 12.924 8.610 6.869 5.959 5.408 5.041 4.781" | cut -d' ' -f$(($1 - 2)); }

# Native: codec $1; prints "mean,error,runs,iterations,min,max".
native_measure() {
  local c=$1 payloads iters ns total runs=() r
  payloads=$(awk -v c="$c" '$1 == c {print $2}' "$OUT/payload-counts.txt")
  # Calibration (also the warm-up): double the iterations until a run takes >= 0.1 s.
  iters=1
  while :; do
    ns=$(native_run "$c" "$iters")
    total=$(awk -v ns="$ns" -v i="$iters" -v p="$payloads" 'BEGIN {printf "%.0f", ns * i * p}')
    (( total >= 100000000 )) && break
    iters=$((iters * 2))
  done
  iters=$(awk -v i="$iters" -v t="$total" -v s="$NATIVE_SECONDS" 'BEGIN {n = int(i * s * 1e9 / t); print n < 1 ? 1 : n}')
  for ((r = 0; r < NATIVE_RUNS; r++)); do runs+=("$(native_run "$c" "$iters")"); done
  log "native $c: ${runs[*]} ns/frame ($iters iterations x $payloads payloads per run)"
  printf '%s\n' "${runs[@]}" | awk -v t="$(t999 "$NATIVE_RUNS")" -v it="$iters" '
    { x[NR] = $1; s += $1; if (NR == 1 || $1 < lo) lo = $1; if (NR == 1 || $1 > hi) hi = $1 }
    END { m = s / NR; for (i = 1; i <= NR; i++) v += (x[i] - m) ^ 2; sd = sqrt(v / (NR - 1));
          printf "%.2f,%.2f,%d,%d,%.2f,%.2f\n", m, t * sd / sqrt(NR), NR, it, lo, hi }'
}

# measure java|native CODEC: waits for quiet, measures, repeats once more (RETRIES) if other
# processes were busy meanwhile; prints "figures,other-cores,attempts".
measure() {
  local kind=$1 c=$2 attempt=0 s0 s1 figures busy me=$BASHPID
  while :; do
    wait_quiet
    s0=$(snapshot "$me")
    figures=$("${kind}_measure" "$c") # this (sub)shell, $me, reaps the measurement
    s1=$(snapshot "$me")
    busy=$(others "$s0" "$s1")
    attempt=$((attempt + 1))
    if ! over_limit "$busy" || (( attempt > RETRIES )); then break; fi
    log "$kind $c: other processes used $busy cores meanwhile; measuring again"
  done
  echo "$figures,$busy,$attempt"
}

START_LOAD=$(cut -d' ' -f1-3 /proc/loadavg)
: > "$OUT/jmh.log"
: > "$OUT/measurements.csv"
for c in "${CODECS[@]}"; do
  log "Java $c (JMH)"
  j=$(measure java "$c")
  log "Java $c: $j (ns, error, samples, B/op, other cores, attempts)"
  log "native $c ($(native_name "$c"))"
  n=$(measure native "$c")
  echo "$c,$j,$(native_name "$c"),$n" >> "$OUT/measurements.csv"
done
END_LOAD=$(cut -d' ' -f1-3 /proc/loadavg)
if [[ $(wc -l < "$OUT/measurements.csv") -ne ${#CODECS[@]} ]]; then
  echo "expected ${#CODECS[@]} codecs in $OUT/measurements.csv" >&2
  exit 1
fi

# ---- results ------------------------------------------------------------------------------------
mkdir -p "$RESULTS"
CSV=$RESULTS/codec-decode.csv
MD=$RESULTS/codec-decode.md

# measurements.csv: codec, java ns, error, samples, B/op, other cores, attempts,
#                   native name, native mean, error, runs, iterations, min, max, other cores, attempts
# Applies the targets; writes the csv and the markdown table rows (and "busy" if a kept
# measurement was disturbed).
awk -F, -v csv="$CSV" -v rows="$OUT/rows.md" -v flag="$OUT/busy" -v limit_busy="$BUSY_LIMIT" '
  function label(c) { return c == "pcmu" ? "G.711 mu-law" : c == "pcma" ? "G.711 A-law" : c == "g722" ? "G.722" : c == "g729" ? "G.729 (2 frames)" : "Opus (48 kHz)" }
  function fmt(x) { return x == "NaN" || x == "" ? "n/a" : sprintf(x >= 100 ? "%.0f" : "%.1f", x) }
  function bytes(x) { return x == "NaN" || x == "" ? "n/a" : x < 1 ? "0 (" sprintf("%.3f", x) ")" : sprintf("%.0f", x) }
  BEGIN {
    print "codec,java_ns_per_frame,java_error_999,java_samples,java_alloc_bytes_per_frame,java_other_cores,java_attempts,native_reference,native_ns_per_frame,native_error_999,native_runs,native_iterations_per_run,native_min,native_max,native_other_cores,native_attempts,ratio_java_to_native,target,limit_ns_per_frame,met,over_ns_per_frame,over_percent,within_error" > csv
  }
  {
    c = $1; j = $2 + 0; e = ($3 == "NaN" ? 0 : $3 + 0); nm = $9 + 0; ne = $10 + 0
    r = j / nm
    if (c == "pcmu" || c == "pcma") { limit = 200; tdesc = "<= 200 ns/frame"; lo = j - e; hi = j + e }
    else {
      t = (c == "g722" ? 1.5 : 2); limit = t * nm; tdesc = "<= " t "x native"
      # the Java/native ratio at the two ends of both error bars, as ns against this limit
      lo = (j - e) / (nm + ne) * nm; hi = (nm - ne > 0 ? (j + e) / (nm - ne) * nm : 1e30)
    }
    met = j <= limit ? "yes" : "no"
    over = j - limit; pct = 100 * over / limit
    within = (lo <= limit && limit <= hi) ? "yes" : "no"
    printf "%s,%.2f,%s,%s,%s,%s,%s,%s,%.2f,%.2f,%s,%s,%s,%s,%s,%s,%.3f,%s,%.2f,%s,%.2f,%.1f,%s\n", c, j, $3, $4, $5, $6, $7, $8, nm, ne, $11, $12, $13, $14, $15, $16, r, tdesc, limit, met, (over > 0 ? over : 0), (over > 0 ? pct : 0), within > csv
    if (met == "yes") verdict = sprintf("yes (%.0f%% under the limit of %s ns)", -pct, fmt(limit))
    else verdict = sprintf("**no**: %s ns/frame (%.0f%%) over the limit of %s ns", fmt(over), pct, fmt(limit))
    if (within == "yes") verdict = verdict "; the limit is within the error bars"
    busy = $6 + 0 > limit_busy || $15 + 0 > limit_busy
    if (busy) { print "yes" > flag; verdict = verdict "; measured on a busy machine, so not reliable" }
    printf "| %s | %s ± %s | %s | %s ± %s | %.2fx | %s | %s | %s | %s / %s%s |\n", label(c), fmt(j), fmt($3), $8, fmt(nm), fmt(ne), r, tdesc, verdict, bytes($5), $6, $15, (busy ? " (busy)" : "") > rows
  }
' "$OUT/measurements.csv"

CPU_MODEL=$(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo)
MEM=$(awk '/^MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo)
JAVA_VERSION=$(java -version 2>&1 | sed 's/^/    /')
pkgver() { dpkg-query -W -f '${Version}' "$1" 2>/dev/null || echo unknown; }
PAYLOADS=$(awk '{printf "%s%s %s", (NR > 1 ? ", " : ""), $1, $2}' "$OUT/payload-counts.txt")
jmh_setting() { grep -m1 "^# $1" "$OUT/jmh.log" | sed "s/^# $1:* *//"; }

{
  echo "# Codec decode benchmark: Java decoders vs native references"
  echo
  if [[ -f $OUT/busy ]]; then
    echo "**Warning: other processes were busy during some measurements** (marked \"busy\": more than"
    echo "$BUSY_LIMIT of a core on average, after $RETRIES repeat(s)); those figures may be inflated. Rerun on a quiet machine."
    echo
    rm -f "$OUT/busy"
  fi
  echo "Written by \`bench/run-codec-bench.sh\` on $(date -u '+%Y-%m-%d %H:%M:%S UTC'). Average time to decode one"
  echo "20 ms payload (G.711: 160 bytes; G.722: 160 bytes; G.729: 20 bytes, two frames; Opus: one 20 ms"
  echo "packet, decoded at 48 kHz mono), one decoder kept for the whole run, cycling through the same"
  echo "fixture payloads in Java and native (payloads per codec: $PAYLOADS)."
  echo
  echo "| codec | Java ns/frame (± 99.9% CI) | native reference | native ns/frame (± 99.9% CI) | Java / native | target | met? | Java alloc B/frame | other processes' cores, Java / native |"
  echo "|---|---|---|---|---|---|---|---|---|"
  cat "$OUT/rows.md"
  echo
  echo "- Java: JMH 1.37 ($(jmh_setting 'Blackhole mode' | sed 's/ (.*//')), average time, \`-prof gc\` for allocation;"
  echo "  per codec $(jmh_setting 'Fork' | sed 's/.* of //') fork(s), each $(jmh_setting 'Warmup') of warm-up and"
  echo "  $(jmh_setting 'Measurement') measured${JMH_ARGS:+ (JMH arguments: \`$JMH_ARGS\`)}. The error is JMH's 99.9% confidence half-interval."
  echo "- Native: gcc -O2 harnesses, $NATIVE_RUNS timed runs of ~${NATIVE_SECONDS} s each after a calibration run;"
  echo "  the figure is their mean and the error the same 99.9% half-interval (Student's t) over those runs."
  echo "- \"Within the error bars\": the limit lies between the Java/native ratios that the two errors allow."
  echo "- Other processes' cores: CPU that the rest of the machine used during the measurement, on"
  echo "  average (busy time less this script's); a measurement over $BUSY_LIMIT is repeated up to $RETRIES time(s)."
  echo
  echo "## Machine"
  echo
  echo "- CPU: $CPU_MODEL; cores (nproc): $(nproc)"
  echo "- memory: $MEM"
  echo "- OS: $(. /etc/os-release && echo "$PRETTY_NAME"), kernel $(uname -r)"
  echo "- gcc: $(gcc -dumpfullversion); spandsp $(pkgver libspandsp2), bcg729 $(pkgver libbcg729-0), libopus $(pkgver libopus0)"
  echo "- java -version:"
  echo
  echo "$JAVA_VERSION"
  echo
  echo "- load average (1/5/15 min) at the start: $START_LOAD; at the end: $END_LOAD;"
  echo "  $(awk '{s += $1} END {print s + 0}' "$OUT/waited") s spent waiting for other processes to go quiet$([[ -f $OUT/budget-spent ]] && echo " (all of QUIET_BUDGET, ${QUIET_BUDGET} s)")"
  echo
  echo "Raw figures: \`codec-decode.csv\`. JMH's own output of this run: \`target/bench/jmh.log\` (not kept in git)."
} > "$MD"

log "wrote $MD and $CSV"
cat "$MD"
