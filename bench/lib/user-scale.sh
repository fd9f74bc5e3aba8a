# Sourced by bench/run for `--only user-scale`: $scale_users users (default 10,000) on one engine,
# each looping "GET /, then think 1 s", against bench/run's nginx (keep-alive, CPU 0); the engine
# (stampede-bench user-scale, in-process, no coordinator) on CPU 1 with one event loop.
# Figures: requests/s achieved vs the users / (1 s + response time) a perfect generator sends,
# event-loop lag p50/p99/max over the measured window (EngineHealth, 20 ms probes), heap per user
# after a full GC while every user holds a connection, descriptors open against the limit.
# Uses bench/run's helpers (start_nginx, record) and its nginx port.

scale_users=${scale_users:-10000}
scale_think_ms=${scale_think_ms:-1000}
scale_seconds=${scale_seconds:-20}
scale_cpus=${scale_cpus:-1} # the engine's CPUs (taskset list); one event loop per CPU given
echo; echo "== user-scale: $scale_users users, GET / then ${scale_think_ms} ms think, ${scale_seconds}s window; nginx on CPU 0, engine on CPU $scale_cpus"

# Every user holds a connection: the engine needs a descriptor per user (and nginx one per
# connection).
fd_soft_before=$(ulimit -Sn)
raise_nofile $((scale_users * 2 + 1024))
echo "bench: descriptor limit soft $fd_soft_before -> $fd_soft, hard $(ulimit -Hn)"
if [ "$fd_soft" != unlimited ] && [ "$fd_soft" -lt $((scale_users + 200)) ]; then
  echo "bench: $scale_users users do not fit under $fd_soft descriptors: the run will show connection failures"
fi

start_nginx
# Control: the same run with 10 users. Its lag is what the machine alone (other processes, the
# JVM's own threads) does to an almost idle event loop on the same CPU; the 10,000-user run's
# lag beyond it is the engine's own.
echo "load before the control: $(uptime)"
control_json=$(timeout $((scale_seconds + 240)) taskset -c "$scale_cpus" "$java" "${jvm_quiet[@]}" -Xmx512m -jar "$bench_jar" user-scale \
  --url "http://127.0.0.1:$nginx_port/" --users 10 --think-ms "$scale_think_ms" --seconds "$scale_seconds" \
  2>"$work/user-scale-control.err" | grep '^{' || echo '{"error":"the control run produced no result, see user-scale-control.err"}')
record user_scale_control "$control_json"; echo "user-scale control (10 users): $control_json"
echo "load before: $(uptime)"
scale_json=$(timeout $((scale_seconds + 240)) taskset -c "$scale_cpus" "$java" "${jvm_quiet[@]}" -Xmx512m -jar "$bench_jar" user-scale \
  --url "http://127.0.0.1:$nginx_port/" --users "$scale_users" --think-ms "$scale_think_ms" --seconds "$scale_seconds" \
  2>"$work/user-scale.err" | grep '^{' || echo '{"error":"user-scale produced no result, see user-scale.err"}')
scale_load=$(cut -d' ' -f1-3 /proc/loadavg)
echo "load after: $(uptime)"
scale_json=$("$py" - "$scale_json" "$fd_soft_before" "$fd_soft" "$(ulimit -Hn)" "$scale_load" "$scale_cpus" <<'EOF2'
import json, sys
d = json.loads(sys.argv[1])
d.update({"engine_cpus": sys.argv[6], "fd_soft_before": sys.argv[2], "fd_soft": sys.argv[3], "fd_hard": sys.argv[4], "loadavg": sys.argv[5]})
print(json.dumps(d))
EOF2
)
record user_scale "$scale_json"; echo "user-scale: $scale_json"
