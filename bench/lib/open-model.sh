# Sourced by bench/run for `--only open` (and `all`): the open workload model's figures, each
# from a real headless coordinator + worker-service process against a real target on 127.0.0.1.
#   1. achieved rate vs requested at 2,000/s and at 80 % of the closed-loop maximum (measured
#      first, same worker, same target), counted by nginx per second; the workers' own timing
#      error (p99 schedule lag);
#   2. coordinated omission: a target that stalls 1 s every 10 s, few slots in flight (Fortio's
#      c = 4): p99 of the service time vs p99 from the intended start;
#   3. hand-over: 3 workers share 1,000/s, one joins and one leaves mid-run; per-second rate
#      outside the 2 s after each change, and the total.
# Uses bench/run's helpers (start_nginx, coordinator, worker, record, stop_pid) and its ports.

open_seconds=${open_seconds:-30}
open_json() { "$py" -c 'import json,sys; d=json.load(open(sys.argv[1])); print(eval(sys.argv[2], {}, {"d": d}))' "$@"; }
# Requests nginx served per second between log lines $1 and $2 (its times log, $msec per line),
# dropping the first and last $3 seconds; prints "count seconds min max total".
served_per_second() {
  "$py" - "$nginx_dir/times.log" "$1" "$2" "${3:-2}" <<'PY'
import sys, math
path, a, b, trim = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4])
times = [float(l) for i, l in enumerate(open(path)) if a <= i < b and l.strip()]
if not times:
    print("0 0 0 0 0"); sys.exit()
t0, t1 = times[0] + trim, times[-1] - trim
counts = {}
for t in times:
    if t0 <= t < t1:
        counts[math.floor(t - t0)] = counts.get(math.floor(t - t0), 0) + 1
full = [counts.get(s, 0) for s in range(int(t1 - t0))]
print(len(full) and sum(full), len(full), min(full or [0]), max(full or [0]), len(times))
PY
}
times_lines() { kill -USR1 "$(cat "$nginx_dir/nginx.pid")"; sleep 1.2; wc -l <"$nginx_dir/times.log"; }

echo; echo "== open model: ${open_seconds}s runs; nginx on CPU 0, worker on CPU 1"
start_nginx
worker "$work/open-worker.txt" 1 -Xmx1g
open_worker=$worker_pid
echo "warm-up and closed-loop maximum: -u $connections, ${warmup}s"
coordinator 0 --headless -u "$connections" -r "$connections" -t "${warmup}s" -H "http://127.0.0.1:$nginx_port" \
  --expect-workers 1 --json "$work/open-closed.json" >"$work/open-closed.txt" 2>&1
timeout $((warmup + 120)) tail --pid="$coord_pid" -f /dev/null || true
closed_max=$(open_json "$work/open-closed.json" 'round(d["total_rps"])')
echo "closed-loop maximum: $closed_max req/s"

open_rate_run() { # name rate
  local name=$1 rate=$2 before after
  before=$(times_lines)
  coordinator 0 --headless --rate "$rate" --max-in-flight 2000 -t "${open_seconds}s" -H "http://127.0.0.1:$nginx_port" \
    --expect-workers 1 --json "$work/open-$name.json" >"$work/open-$name.txt" 2>&1
  timeout $((open_seconds + 120)) tail --pid="$coord_pid" -f /dev/null || true
  after=$(times_lines)
  read -r counted secs lo hi total < <(served_per_second "$before" "$after" 3)
  local achieved lag
  achieved=$("$py" -c "print(round($counted / max(1, $secs), 1))")
  lag=$(open_json "$work/open-$name.json" 'd["schedule_lag_percentiles"]["response_time_percentile_0.99"]')
  echo "$name: requested $rate/s, nginx counted $achieved/s over ${secs}s (seconds between $lo and $hi), p99 schedule lag $lag ms"
  record "open_$name" "{\"requested\": $rate, \"achieved\": $achieved, \"seconds\": $secs, \"min_second\": $lo, \"max_second\": $hi, \"schedule_lag_p99_ms\": $lag, \"dropped\": $(open_json "$work/open-$name.json" 'd["dropped_iterations"]')}"
}
open_rate_run fixed 2000
open_rate_run eighty "$(( closed_max * 8 / 10 ))"

# ---- coordinated omission
stall_port=$(free_port 28580)
taskset -c 0 "$java" "${jvm_quiet[@]}" -jar "$bench_jar" stall-server --port "$stall_port" --every-ms 10000 --stall-ms 1000 \
  --max-seconds $((open_seconds + 180)) >"$work/stall-server.txt" 2>&1 &
stall_pid=$!; started $stall_pid
wait_http "http://127.0.0.1:$stall_port/" 60
coordinator 0 --headless --rate 200 --max-in-flight 4 -t "${open_seconds}s" -H "http://127.0.0.1:$stall_port" \
  --expect-workers 1 --json "$work/open-stall.json" >"$work/open-stall.txt" 2>&1
timeout $((open_seconds + 120)) tail --pid="$coord_pid" -f /dev/null || true
stop_pid "$stall_pid"
raw99=$(open_json "$work/open-stall.json" 'd["stats"][-1]["response_time_percentile_0.99"]')
cor99=$(open_json "$work/open-stall.json" 'd["stats"][-1]["corrected_response_time_percentile_0.99"]')
echo "stall 1 s every 10 s at 200/s, 4 in flight: p99 service time $raw99 ms, p99 from intended start $cor99 ms"
record open_stall "{\"raw_p99_ms\": $raw99, \"corrected_p99_ms\": $cor99}"

# ---- hand-over: w1 (running) + w2 at the start, w3 joins at ~1/3, w2 leaves at ~2/3
# w2 first takes part in a short warm-up run (a cold JVM's first seconds are not the
# hand-over's figure), and w3 boots on CPU 0 (nginx's core: 1,000/s costs nginx little) so its
# Spring start-up does not starve the running workers on CPU 1 — a new pod gets its own CPU.
# The change instants come from the coordinator's log, not from the script's sleeps.
hand_rate=1000
extra_worker() { # name port cpu
  taskset -c "$3" "$java" "${jvm_quiet[@]}" -Xmx512m -jar "$worker_jar" --coordinator 127.0.0.1:$link_port \
    --link-token "$token" --server.port="$2" >"$work/open-$1.txt" 2>&1 &
  echo $!
}
w2_port=$(free_port 28680); w3_port=$(free_port 28780)
w2=$(extra_worker w2 "$w2_port" 1); started "$w2"
wait_http "http://127.0.0.1:$w2_port/actuator/health" 90
coordinator 0 --headless --rate $hand_rate --max-in-flight 2000 -t 20s -H "http://127.0.0.1:$nginx_port" \
  --expect-workers 2 >"$work/open-handover-warmup.txt" 2>&1
timeout 140 tail --pid="$coord_pid" -f /dev/null || true
before=$(times_lines)
coordinator 0 --headless --rate $hand_rate --max-in-flight 2000 -t "${open_seconds}s" -H "http://127.0.0.1:$nginx_port" \
  --expect-workers 2 --json "$work/open-handover.json" >"$work/open-handover.txt" 2>&1
wait_log() { # file pattern seconds
  local i; for ((i = 0; i < $3 * 5; i++)); do grep -q "$2" "$1" 2>/dev/null && return 0; sleep 0.2; done; return 1
}
wait_log "$work/open-handover.txt" "started:" 120 || echo "hand-over: the run did not start"
sleep $((open_seconds / 3))
w3=$(extra_worker w3 "$w3_port" 0); started "$w3"
wait_log "$work/open-handover.txt" "joined run" 90 || echo "hand-over: w3 did not join"
sleep $((open_seconds / 4))
stop_pid "$w2" # SIGTERM: the worker says bye; the others take over its slice at once
timeout $((open_seconds + 120)) tail --pid="$coord_pid" -f /dev/null || true
after=$(times_lines)
"$py" - "$nginx_dir/times.log" "$before" "$after" "$hand_rate" "$open_seconds" "$work/open-handover.json" \
  "$work/open-handover.txt" >"$work/open-handover-seconds.json" <<'PY'
import sys, math, json, re, datetime
path, a, b, rate, seconds = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4]), int(sys.argv[5])
times = [float(l) for i, l in enumerate(open(path)) if a <= i < b and l.strip()]
t0 = times[0]
per = [0] * (seconds + 3)
for t in times:
    s = math.floor(t - t0)
    if s < len(per):
        per[s] += 1
def epoch(line):
    stamp = line.split()[0].rstrip("Z")
    return datetime.datetime.fromisoformat(stamp).replace(tzinfo=datetime.timezone.utc).timestamp()
changes = [math.floor(epoch(l) - t0) for l in open(sys.argv[7]) if re.search(r"(joined|left) run", l)]
# Steady seconds: not the first or last (partial), not a change's second or the 2 after it.
steady = [s for s in range(1, seconds - 1) if all(not (c <= s <= c + 2) for c in changes)]
worst = max(abs(per[s] - rate) / rate for s in steady) if steady else None
doc = json.load(open(sys.argv[6]))
print(json.dumps({"per_second": per[:seconds + 1], "changes_at_second": changes,
                  "worst_steady_second_pct": round(100 * worst, 2) if worst is not None else None,
                  "served": len(times), "expected": int(rate * seconds),
                  "total_error_pct": round(100 * (len(times) - rate * seconds) / (rate * seconds), 2),
                  "dropped": doc["dropped_iterations"]}))
PY
cat "$work/open-handover-seconds.json"
record open_handover "$(cat "$work/open-handover-seconds.json")"
stop_pid "$w3"
stop_pid "$open_worker"
