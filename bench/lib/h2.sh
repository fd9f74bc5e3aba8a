# Sourced by bench/run for `--only h2`: HTTP/2 requests per CPU-second, Stampede vs h2load
# (nghttp2-client, the h2 load tool Debian ships), against the same nginx serving h2c with prior
# knowledge. Both tools keep the same number of requests in flight the same way: $h2_connections
# connections of $h2_streams concurrent streams each (nginx's http2_max_concurrent_streams is
# $h2_streams, so Stampede's pool, which fills a connection before opening the next, ends up with
# the same $h2_connections connections for $connections users). nginx on CPU 0, the load
# generator on CPU 1, tools in mirrored order per round (h2load first in odd rounds, Stampede
# first in even ones); each figure is a ratio of the same run.
# Uses bench/run's helpers (coordinator, worker, record, stop_pid, proc_cpu, wait_http) and ports.

h2_streams=${h2_streams:-10}
h2_connections=$(( (connections + h2_streams - 1) / h2_streams ))
command -v h2load >/dev/null || {
  echo "bench: installing nghttp2-client from apt"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nghttp2-client >/dev/null
}
echo; echo "== h2: $h2_connections connections x $h2_streams streams, ${duration}s per tool, $rounds rounds; nginx (h2c) on CPU 0, load generator on CPU 1"
h2_port=$(free_port 28580)
h2_dir="$work/nginx-h2"; mkdir -p "$h2_dir"
cat >"$h2_dir/nginx.conf" <<EOF2
worker_processes 1;
daemon off;
pid $h2_dir/nginx.pid;
error_log $h2_dir/error.log warn;
events { worker_connections 16384; }
http {
  client_body_temp_path $h2_dir/body; proxy_temp_path $h2_dir/proxy;
  fastcgi_temp_path $h2_dir/fastcgi; uwsgi_temp_path $h2_dir/uwsgi; scgi_temp_path $h2_dir/scgi;
  log_format protocol '\$server_protocol';
  access_log $h2_dir/access.log protocol buffer=256k flush=1s;
  keepalive_requests 10000000;
  http2_max_concurrent_streams $h2_streams;
  server {
    # Plain listen with http2: h2c with prior knowledge (nginx < 1.25; 1.25+ writes "http2 on;").
    listen 127.0.0.1:$h2_port http2 reuseport backlog=4096;
    default_type text/plain;
    location / { return 200 "ok"; }
  }
}
EOF2
taskset -c 0 nginx -c "$h2_dir/nginx.conf" -e "$h2_dir/error.log" &
started $!
h2_nginx_pid=$!
until h2load -n 1 "http://127.0.0.1:$h2_port/" 2>/dev/null | grep -q "1 succeeded"; do sleep 0.3; done
h2_count() { kill -USR1 "$(cat "$h2_dir/nginx.pid")"; sleep 1.2; wc -l <"$h2_dir/access.log"; }
cat >"$work/h2.yaml" <<EOF2
name: h2
host: http://127.0.0.1:$h2_port
http: {version: "2"}
users:
  - name: root
    tasks:
      - steps:
          - http: {name: root, path: /}
EOF2
worker "$work/h2-worker.txt" 1 -Xmx1g
h2_worker=$worker_pid
echo "warm-up: one untimed Stampede h2 run of ${warmup}s"
coordinator 0 --headless -u "$connections" -r "$connections" -t "${warmup}s" -f "$work/h2.yaml" \
  --expect-workers 1 >"$work/h2-stampede-warmup.txt" 2>&1
timeout $((warmup + 180)) tail --pid="$coord_pid" -f /dev/null || true
: >"$work/h2.jsonl"
h2_run_h2load() {
  local round=$1 before count
  before=$(h2_count)
  timeout $((duration + 30)) taskset -c 1 "$py" "$here/lib/cputime.py" "$work/h2load-$round.cpu" h2load -t1 \
    -c "$h2_connections" -m "$h2_streams" -D "$duration" "http://127.0.0.1:$h2_port/" >"$work/h2load-$round.txt" 2>&1 || true
  count=$(( $(h2_count) - before ))
  "$py" - "$work/h2load-$round.txt" "$count" "$round" "$(cat "$work/h2load-$round.cpu")" >>"$work/h2.jsonl" <<'PY'
import json, re, sys
text = open(sys.argv[1]).read()
m = re.search(r"requests: (\d+) total, (\d+) started, (\d+) done, (\d+) succeeded, (\d+) failed", text)
if not m:
    print(json.dumps({"tool": "h2load", "round": int(sys.argv[3]), "error": text[-300:]})); sys.exit()
print(json.dumps({"tool": "h2load", "round": int(sys.argv[3]), "requests": int(m.group(4)), "failures": int(m.group(5)),
                  "nginx_count": int(sys.argv[2]), "cpu_seconds": float(sys.argv[4])}))
PY
  tail -1 "$work/h2.jsonl"
}
h2_run_stampede() {
  local round=$1 before count cpu_before cpu_seconds
  before=$(h2_count)
  cpu_before=$(proc_cpu "$h2_worker")
  coordinator 0 --headless -u "$connections" -r "$connections" -t "${duration}s" -f "$work/h2.yaml" \
    --expect-workers 1 --json "$work/h2-stampede-$round.json" >"$work/h2-stampede-$round.txt" 2>&1
  timeout $((duration + 120)) tail --pid="$coord_pid" -f /dev/null || true
  cpu_seconds=$(( $(proc_cpu "$h2_worker") - cpu_before ))
  count=$(( $(h2_count) - before ))
  "$py" - "$work/h2-stampede-$round.json" "$count" "$round" "$cpu_seconds" >>"$work/h2.jsonl" <<'PY'
import json, sys
try:
    row = next(r for r in json.load(open(sys.argv[1]))["stats"] if r["name"] == "Aggregated")
except Exception as e:
    print(json.dumps({"tool": "stampede", "round": int(sys.argv[3]), "error": repr(e)})); sys.exit()
print(json.dumps({"tool": "stampede", "round": int(sys.argv[3]), "requests": row["num_requests"],
                  "failures": row["num_failures"], "nginx_count": int(sys.argv[2]), "cpu_seconds": int(sys.argv[4]) / 100}))
PY
  tail -1 "$work/h2.jsonl"
}
for round in $(seq 1 "$rounds"); do
  if [ $((round % 2)) = 1 ]; then h2_run_h2load "$round"; h2_run_stampede "$round"
  else h2_run_stampede "$round"; h2_run_h2load "$round"; fi
done
stop_pid "$h2_worker"
# Every request nginx logged must have been HTTP/2.0 (else the comparison would not be h2's).
h2_other=$(kill -USR1 "$(cat "$h2_dir/nginx.pid")"; sleep 1.2; grep -vc '^HTTP/2.0$' "$h2_dir/access.log" || true)
record h2 "$("$py" - "$work/h2.jsonl" "$h2_connections" "$h2_streams" "$h2_other" <<'PY'
import json, sys
rows = [json.loads(line) for line in open(sys.argv[1]) if line.strip()]
out = {"connections": int(sys.argv[2]), "streams": int(sys.argv[3]), "requests_not_h2": int(sys.argv[4])}
for tool in ("h2load", "stampede"):
    mine = [r for r in rows if r["tool"] == tool and "requests" in r]
    if not mine:
        out[tool] = {"error": "no successful round"}
        continue
    out[tool] = {"requests": sum(r["requests"] for r in mine), "failures": sum(r["failures"] for r in mine),
                 "nginx_count": sum(r["nginx_count"] for r in mine), "cpu_seconds": sum(r["cpu_seconds"] for r in mine),
                 "requests_per_cpu_second": sum(r["requests"] for r in mine) / max(0.01, sum(r["cpu_seconds"] for r in mine)),
                 "by_round": [round(r["requests"] / max(0.01, r["cpu_seconds"])) for r in mine], "rounds": len(mine)}
print(json.dumps(out))
PY
)"
kill "$(cat "$h2_dir/nginx.pid")" 2>/dev/null || true; sleep 0.5
