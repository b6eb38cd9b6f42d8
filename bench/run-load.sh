#!/usr/bin/env bash
# Load harness of the SIPREC recording server: N concurrent SIPREC calls on loopback.
#
#   bench/run-load.sh [--calls N] [--codec pcmu|pcma|g722|g729|opus] [--duration S] [--rate CPS]
#                     [--receive-threads T] [--send-threads T] [--archive true|false] [--media true|false] [--jfr]
#                     [--admission] [--heap 1g] [--warmup S] [--label TEXT] [--csv FILE --md FILE] [--no-build]
#   bench/run-load.sh --matrix     # every published level; rewrites bench/results/capacity.csv and
#                                  # the table in bench/results/capacity.md
#
# One run: the packaged server (target/srs-server) as a process with admission limits off (the counts, and measured headroom unless --admission); a JMS
# consumer in a process of its own (LoadConsumer); SIPp places --calls calls at --rate per second,
# each held --duration seconds; our generator (LoadGenerator) streams both legs of every call from
# one or two threads. First a warm-up (--warmup seconds of up to 100 calls, Call-IDs warm-*, not
# counted) so that the JIT has compiled the media path. The steady-state window (every call up: from the end of the ramp + 3 s to
# 2.5 s before the first BYE) is where CPU, heap, threads and fds are sampled. Everything stays on
# 127.0.0.1 and every process is bounded in time. Raw files: target/load/runs/<run>/; figures:
# <run>/results.properties (and a CSV row with --csv).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

calls=100 codec=pcmu duration=60 rate=100 receive_threads=1 send_threads=1 archive=false jfr=0 heap=1g
media=true warmup=20 label="" csv="" md="" build=1 matrix=0 port_base=${SRS_LOAD_PORT_BASE:-9000}
# Admission by measured headroom is off unless --admission: the matrix measures what the server
# does when it takes every call, the overload runs what it refuses.
headroom_busy=0 headroom_backlog=0 headroom_chunk_age=0
while [ $# -gt 0 ]; do
  case "$1" in
    --calls) calls=$2; shift 2 ;;
    --codec) codec=$2; shift 2 ;;
    --duration) duration=$2; shift 2 ;;
    --rate) rate=$2; shift 2 ;;
    --receive-threads) receive_threads=$2; shift 2 ;;
    --send-threads) send_threads=$2; shift 2 ;;
    --archive) archive=$2; shift 2 ;;
    --media) media=$2; shift 2 ;;
    --jfr) jfr=1; shift ;;
    --admission) headroom_busy=85 headroom_backlog=50 headroom_chunk_age=500; shift ;;
    --warmup) warmup=$2; shift 2 ;;
    --heap) heap=$2; shift 2 ;;
    --label) label=$2; shift 2 ;;
    --csv) csv=$2; shift 2 ;;
    --md) md=$2; shift 2 ;;
    --no-build) build=0; shift ;;
    --matrix) matrix=1; shift ;;
    -h|--help) sed -n '2,17p' "$0"; exit 0 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done

# One harness at a time on this machine (ports and figures would collide).
# (mkdir first: "exec 9>file 2>/dev/null" would send the whole script's stderr to /dev/null.)
mkdir -p "$ROOT/target"
exec 9>"$ROOT/target/.load.lock"
flock -n 9 || { echo "another load run holds $ROOT/target/.load.lock" >&2; exit 1; }

if [ "$build" = 1 ]; then
  echo "building the server and the load tools..." >&2
  mvn -B -q -DskipTests package
  mvn -B -q -Pload compile
fi
CP="$ROOT/target/load/classes:$ROOT/target/srs-consumer/lib/*"
JAVA=${JAVA:-java}

now_ms() { date +%s%3N; }
ticks() { # utime+stime of a process, in clock ticks (0 when it is gone)
  if [ -r "/proc/$1/stat" ]; then sed 's/.*) //' "/proc/$1/stat" | awk '{print $12 + $13}'; else echo 0; fi
}
stat_cpu() { awk '/^cpu /{t=0; for(i=2;i<=NF;i++) t+=$i; print t, $5 + $6}' /proc/stat; }
udp_field() { awk -v f="$1" '/^Udp:/{ if (!h) { for(i=1;i<=NF;i++) if ($i==f) c=i; h=1 } else print $c }' /proc/net/snmp; }
heap_used_kb() { "${JAVA%java}jcmd" "$1" GC.heap_info 2>/dev/null | grep -m1 -o 'used [0-9]*K' | grep -o '[0-9]*'; }
threads_of() { awk '/^Threads:/{print $2}' "/proc/$1/status"; }
fds_of() { ls "/proc/$1/fd" 2>/dev/null | wc -l; }
sleep_until() { local d=$(( $1 - $(now_ms) )); [ "$d" -gt 0 ] && sleep "$(awk -v d="$d" 'BEGIN{printf "%.3f", d/1000}')" || true; }
jcmd_bin() { echo "${JAVA%java}jcmd"; }
thread_ticks() { # per thread of a process: tid utime stime name
  for f in /proc/"$1"/task/*/stat; do
    awk '{ o=index($0, "("); c=match($0, /\) [A-Z] /); name=substr($0, o+1, c-o-1);
           split(substr($0, c+2), v, " "); print $1, v[12], v[13], name }' "$f" 2>/dev/null \
      || true # the thread ended after the glob: under set -e its failed read stopped the whole run
  done
}
thread_table() { # where the process's CPU went between two thread_ticks samples, by thread name
  awk -v secs="$3" 'NR==FNR { u[$1]=$2; s[$1]=$3; next }
    { name=$4; for(i=5;i<=NF;i++) name=name" "$i; gsub(/[0-9]+/, "N", name);
      du[name]+=$2-u[$1]; ds[name]+=$3-s[$1] }
    END { for (n in du) if (du[n]+ds[n] > 0) printf "%6.1f%% %6.1f%% user %6.1f%% system  %s\n", (du[n]+ds[n])/secs, du[n]/secs, ds[n]/secs, n }' "$1" "$2" | sort -rn | head -20
}

codec_keys() {
  case "$1" in
    pcmu) echo "0|PCMU/8000|a=silenceSupp:off - - - -" ;;
    pcma) echo "8|PCMA/8000|a=silenceSupp:off - - - -" ;;
    g722) echo "9|G722/8000|a=silenceSupp:off - - - -" ;;
    g729) echo "18|G729/8000|a=fmtp:18 annexb=no" ;;
    opus) echo "111|opus/48000/2|a=fmtp:111 useinbandfec=1" ;;
    *) echo "unknown codec $1" >&2; exit 2 ;;
  esac
}

run_one() {
  local codec=$1 calls=$2 duration=$3 rate=$4 label=$5
  local run_id; run_id="$(date +%Y%m%d-%H%M%S)-$codec-$calls"
  local dir="$ROOT/target/load/runs/$run_id"
  mkdir -p "$dir"
  local sip=$((port_base + 60)) broker=$((port_base + 616)) sipp_port=$((port_base + 80)) admin=$((port_base + 90))
  local sipp_media=$((port_base + 100)) gen_port=$((port_base + 200))
  local media_min=10000 media_max=19999
  if ss -Huan "sport = :$sip" | grep -q . || ss -Htln "sport = :$broker" | grep -q .; then
    echo "port $sip or $broker is taken: set SRS_LOAD_PORT_BASE" >&2; return 1
  fi
  IFS='|' read -r pt rtpmap fmtp < <(codec_keys "$codec")
  local ramp_ms=$(( calls * 1000 / rate ))
  local concurrent=$calls
  echo "== run $run_id: $calls calls of $codec, $duration s each, $rate calls/s, receive threads $receive_threads" >&2

  # Global, not local: the EXIT trap runs after run_one has returned (a failed step returns 1 and
  # set -e ends the script), when a local array would be gone and the server would be left running.
  run_pids=()
  cleanup() { for p in "${run_pids[@]}"; do kill "$p" 2>/dev/null || true; done; }
  trap cleanup EXIT

  local jto="-Xms$heap -Xmx$heap"
  SRS_CONFIG_DIR="$ROOT/server-config" SRS_RUNTIME_DIR="$dir/runtime" SRS_SIP_PORT=$sip SRS_BROKER_PORT=$broker \
  SRS_ADMIN_PORT=$admin SRS_MEDIA_PORT_MIN=$media_min SRS_MEDIA_PORT_MAX=$media_max SRS_SESSIONS_MAX=0 SRS_SESSIONS_MAX_PER_SECOND=0 \
  SRS_ADMISSION_MAX_RTP_RECEIVE_BUSY_PERCENT=$headroom_busy SRS_ADMISSION_MAX_AUDIO_BACKLOG_PERCENT=$headroom_backlog SRS_ADMISSION_MAX_AUDIO_CHUNK_AGE_MS=$headroom_chunk_age \
  SRS_ARCHIVE_ENABLED=$archive SRS_MEDIA_RECEIVE_THREADS=$receive_threads JAVA_TOOL_OPTIONS="$jto" \
    "$JAVA" -jar "$ROOT/target/srs-server/srs-server.jar" >"$dir/server.log" 2>&1 9>&- &
  local srs=$!; run_pids+=("$srs")
  local t=0
  until grep -q "SRS standalone server started" "$dir/server.log"; do
    sleep 0.5; t=$((t + 1))
    if [ $t -gt 180 ] || ! kill -0 "$srs" 2>/dev/null; then echo "server did not start: $dir/server.log" >&2; return 1; fi
  done

  "$JAVA" -Xmx1g -cp "$CP" io.siprec.srs.bench.load.LoadConsumer --url "tcp://127.0.0.1:$broker" \
    --user srs-consumer --password-file "$dir/runtime/broker-consumer-password" \
    --sessions "$calls" --out "$dir" --max-seconds $(( duration + ramp_ms / 1000 + 150 )) >"$dir/consumer.log" 2>&1 &
  local con=$!; run_pids+=("$con")
  t=0; until [ -f "$dir/consumer.ready" ]; do sleep 0.2; t=$((t + 1)); [ $t -lt 150 ] || { echo "consumer did not connect" >&2; return 1; }; done


  if [ "$warmup" -gt 0 ]; then
    local wcalls=$(( calls < 100 ? calls : 100 ))
    echo "   warm-up: $wcalls calls for $warmup s" >&2
    "$JAVA" -Xmx256m -cp "$CP" io.siprec.srs.bench.load.LoadGenerator --codec "$codec" --fixtures "$ROOT/src/test/resources" \
      --ports-file "$dir/warmup-ports.log" --calls "$wcalls" --packets $(( (warmup * 1000 - 600) / 20 )) --threads 1 \
      --source-port $(( gen_port + 50 )) --out "$dir/warmup" --max-seconds $(( warmup + 60 )) >"$dir/warmup-generator.log" 2>&1 &
    local wgen=$!; run_pids+=("$wgen")
    sed "s/HOLD_MS/$(( warmup * 1000 ))/" "$ROOT/bench/sipp/siprec_load_call.xml" >"$dir/warmup_call.xml"
    (cd "$dir" && exec sipp "127.0.0.1:$sip" -sf "$dir/warmup_call.xml" -i 127.0.0.1 -p "$sipp_port" \
      -mi 127.0.0.1 -mp "$sipp_media" -key pt "$pt" -key rtpmap "$rtpmap" -key fmtp "$fmtp" -cid_str 'warm-%u-%p@%s' \
      -m "$wcalls" -l "$wcalls" -r "$rate" -trace_logs -log_file "$dir/warmup-ports.log" \
      -nostdin -timeout $(( warmup + 60 ))s >"$dir/warmup-sipp.log" 2>&1) || echo "   warm-up SIPp exited with $?" >&2
    wait "$wgen" || true
    sleep 2
  fi

  sleep 2
  "$(jcmd_bin)" "$srs" GC.run >/dev/null; sleep 1
  local heap_idle threads_idle fds_idle
  heap_idle=$(heap_used_kb "$srs"); threads_idle=$(threads_of "$srs"); fds_idle=$(fds_of "$srs")
  "$(jcmd_bin)" "$srs" GC.class_histogram >"$dir/histogram-idle.txt" 2>&1 || true

  # 2 s short of the call: under load the generator may learn a call's ports (from SIPp's log) up to
  # ~1.5 s after SIPp started timing the call, and a packet sent after the BYE counts against no stage.
  local packets=$(( (duration * 1000 - 2000) / 20 ))
  [ "$media" = true ] || packets=0 # signalling alone: what set-up costs without RTP competing
  "$JAVA" -Xmx512m -cp "$CP" io.siprec.srs.bench.load.LoadGenerator --codec "$codec" --fixtures "$ROOT/src/test/resources" \
    --ports-file "$dir/sipp-ports.log" --calls "$calls" --packets "$packets" --threads "$send_threads" \
    --source-port "$gen_port" --out "$dir" --max-seconds $(( duration + ramp_ms / 1000 + 120 )) >"$dir/generator.log" 2>&1 &
  local gen=$!; run_pids+=("$gen")
  sleep 1

  local rcvbuf_start inerr_start; rcvbuf_start=$(udp_field RcvbufErrors); inerr_start=$(udp_field InErrors)
  local load_before; load_before=$(cut -d' ' -f1-3 /proc/loadavg)
  local t0; t0=$(now_ms)
  sed "s/HOLD_MS/$(( duration * 1000 ))/" "$ROOT/bench/sipp/siprec_load_call.xml" >"$dir/siprec_load_call.xml"
  (cd "$dir" && exec sipp "127.0.0.1:$sip" -sf "$dir/siprec_load_call.xml" -i 127.0.0.1 -p "$sipp_port" \
    -mi 127.0.0.1 -mp "$sipp_media" -key pt "$pt" -key rtpmap "$rtpmap" -key fmtp "$fmtp" \
    -m "$calls" -l "$calls" -r "$rate" \
    -trace_logs -log_file "$dir/sipp-ports.log" -trace_rtt -rtt_freq 1 -trace_stat -stf "$dir/sipp-stat.csv" -fd 1 \
    -trace_err -error_file "$dir/sipp-errors.log" -nostdin -timeout $(( duration + ramp_ms / 1000 + 90 ))s -timeout_error \
    >"$dir/sipp.log" 2>&1) &
  local sipp_pid=$!; run_pids+=("$sipp_pid")

  # Steady state: every call up. Short calls at a high rate never have all calls up at once:
  # then the window is where as many calls start as end (rate x duration of them up).
  local ws=$(( t0 + ramp_ms + 3000 )) we=$(( t0 + duration * 1000 - 2500 ))
  if [ $(( we - ws )) -lt 5000 ]; then
    ws=$(( t0 + duration * 1000 + 1500 )); we=$(( t0 + ramp_ms - 500 ))
    concurrent=$(( rate * duration < calls ? rate * duration : calls ))
    [ $(( we - ws )) -ge 3000 ] || { echo "no steady state: make --duration longer or the ramp longer" >&2; return 1; }
  fi
  sleep_until "$ws"
  local sipp_os_pid; sipp_os_pid=$(pgrep -P "$sipp_pid" -x sipp || echo "$sipp_pid")
  local ws_real; ws_real=$(now_ms)
  local srs0 gen0 con0 sipp0; srs0=$(ticks "$srs"); gen0=$(ticks "$gen"); con0=$(ticks "$con"); sipp0=$(ticks "$sipp_os_pid")
  read -r st0 si0 < <(stat_cpu)
  thread_ticks "$srs" >"$dir/threads-start.txt"
  [ "$jfr" = 1 ] && "$(jcmd_bin)" "$srs" JFR.start name=load settings=profile filename="$dir/srs.jfr" >/dev/null
  sleep_until $(( ws + (we - ws) / 2 ))
  local threads_loaded fds_loaded; threads_loaded=$(threads_of "$srs"); fds_loaded=$(fds_of "$srs")
  sleep_until "$we"
  local we_real; we_real=$(now_ms)
  local srs1 gen1 con1 sipp1; srs1=$(ticks "$srs"); gen1=$(ticks "$gen"); con1=$(ticks "$con"); sipp1=$(ticks "$sipp_os_pid")
  read -r st1 si1 < <(stat_cpu)
  thread_ticks "$srs" >"$dir/threads-end.txt"
  local load_during; load_during=$(cut -d' ' -f1-3 /proc/loadavg)
  [ "$jfr" = 1 ] && "$(jcmd_bin)" "$srs" JFR.stop name=load >/dev/null
  "$(jcmd_bin)" "$srs" GC.run >/dev/null
  local heap_loaded; heap_loaded=$(heap_used_kb "$srs")
  "$(jcmd_bin)" "$srs" GC.class_histogram >"$dir/histogram-loaded.txt" 2>&1 || true

  local sipp_rc=0; wait "$sipp_pid" || sipp_rc=$?
  wait "$gen" || true
  wait "$con" || true
  local rcvbuf_end inerr_end; rcvbuf_end=$(udp_field RcvbufErrors); inerr_end=$(udp_field InErrors)
  # The server's own counters once every call has ended (publisher and archive drops, packets).
  curl -sf "http://127.0.0.1:$admin/srs/metrics" >"$dir/metrics-end.txt" || echo "   could not read /srs/metrics" >&2
  kill -TERM "$srs"; wait "$srs" || true
  trap - EXIT

  cat >"$dir/run.properties" <<EOF
runId=$run_id
label=$label
codec=$codec
calls=$concurrent
callsPlaced=$calls
durationSeconds=$duration
rate=$rate
receiveThreads=$receive_threads
senderThreads=$send_threads
archive=$archive
heap=$heap
jfr=$jfr
warmupSeconds=$warmup
sampleRate=16000
sippExit=$sipp_rc
sippRttFile=$(cd "$dir" && ls siprec_load_call_*_rtt.csv 2>/dev/null | head -1)
sippStatFile=sipp-stat.csv
windowStartMillis=$ws_real
windowEndMillis=$we_real
clkTck=$(getconf CLK_TCK)
srsTicksStart=$srs0
srsTicksEnd=$srs1
genTicksStart=$gen0
genTicksEnd=$gen1
conTicksStart=$con0
conTicksEnd=$con1
sippTicksStart=$sipp0
sippTicksEnd=$sipp1
statTotalStart=$st0
statTotalEnd=$st1
statIdleStart=$si0
statIdleEnd=$si1
udpRcvbufErrorsStart=$rcvbuf_start
udpRcvbufErrorsEnd=$rcvbuf_end
udpInErrorsStart=$inerr_start
udpInErrorsEnd=$inerr_end
heapIdleKB=$heap_idle
heapLoadedKB=$heap_loaded
threadsIdle=$threads_idle
threadsLoaded=$threads_loaded
fdsIdle=$fds_idle
fdsLoaded=$fds_loaded
loadAvgBefore=$load_before
loadAvgDuring=$load_during
cores=$(nproc)
memTotalKB=$(awk '/MemTotal/{print $2}' /proc/meminfo)
cpuModel=$(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //')
javaVersion=$("$JAVA" -version 2>&1 | head -1)
EOF
  local report_args=(--run-dir "$dir")
  [ -n "$csv" ] && report_args+=(--csv "$csv")
  [ -n "$md" ] && report_args+=(--md "$md")
  "$JAVA" -cp "$CP" io.siprec.srs.bench.load.LoadReport "${report_args[@]}" | tee "$dir/summary.txt"
  # per thread, % of one core over the window (ticks / (window seconds * CLK_TCK) * 100)
  thread_table "$dir/threads-start.txt" "$dir/threads-end.txt" \
    "$(awk -v a="$ws_real" -v b="$we_real" -v t="$(getconf CLK_TCK)" 'BEGIN{print (b-a)/1000*t/100}')" >"$dir/threads-cpu.txt"
  echo "SRS CPU by thread (% of one core over the window):" >&2; cat "$dir/threads-cpu.txt" >&2
  if [ "$jfr" = 1 ] && [ -f "$dir/srs.jfr" ]; then
    "$JAVA" -cp "$CP" io.siprec.srs.bench.load.JfrTop --jfr "$dir/srs.jfr" >"$dir/profile.md" && echo "profile: $dir/profile.md" >&2
  fi
  echo "raw files: $dir" >&2
}

if [ "$matrix" = 1 ]; then
  csv=${csv:-$ROOT/bench/results/capacity.csv}
  md=${md:-$ROOT/bench/results/capacity.md}
  : >"$csv"
  # codec calls duration(s) rate(calls/s) label [media]
  while read -r c n d r l m; do
    [ -z "$c" ] || [ "${c:0:1}" = "#" ] && continue
    media=${m:-true}
    run_one "$c" "$n" "$d" "$r" "$l"
  done <<'LEVELS'
pcmu 100 40 100 g711-100
pcmu 250 40 100 g711-250
pcmu 500 45 100 g711-500
pcmu 750 50 100 g711-750
pcmu 1000 50 100 g711-1000
g722 500 45 100 g722-500
g729 300 45 100 g729-300
g729 500 45 100 g729-500
opus 150 40 100 opus-150
opus 250 40 100 opus-250
pcmu 3000 6 100 setup-100cps
pcmu 3000 6 100 setup-100cps-no-rtp false
LEVELS
else
  run_one "$codec" "$calls" "$duration" "$rate" "$label"
fi
