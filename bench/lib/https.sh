# Sourced by bench/run for `--only https`: HTTPS figures against nginx on 127.0.0.1 (CPU 0),
# each load generator alone on CPU 1.
#   1. requests per CPU-second over kept-alive TLS connections: wrk (OpenSSL) vs a Stampede
#      worker on the JDK's TLS vs one on native TLS (BoringSSL through netty-tcnative), tools in
#      mirrored order per round (wrk, jdk, native; native, jdk, wrk; ...), same-run ratios;
#   2. new TLS connections per second and per CPU-second: every response closes its connection
#      (nginx keepalive_timeout 0), once to a server that resumes sessions (tickets and a session
#      cache) and once to one that does not (every handshake full), both providers. nginx logs
#      $ssl_session_reused per request, so the share of resumed handshakes is counted, not assumed.
# Both workers run from the start (one per provider, each on a link port of its own, so each
# headless coordinator drives exactly one) and get a warm-up run first. Certificates are made
# by openssl here; the workers use insecure-tls (wrk does not verify certificates either).
# Uses bench/run's helpers (free_port, started, stop_pid, proc_cpu, wait_http, record) and settings.

https_warmup=${https_warmup:-$([ "$quick" = 1 ] && echo 6 || echo 30)}
https_rounds=${https_rounds:-$rounds}
tls_dir="$work/tls"; mkdir -p "$tls_dir/temp"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$tls_dir/server.key" \
  -out "$tls_dir/server.crt" -days 2 -subj "/CN=127.0.0.1" -addext "subjectAltName=IP:127.0.0.1" 2>/dev/null
keep_port=$(free_port 28543); resume_port=$(free_port 28643); full_port=$(free_port 28743)
link_jdk=$(free_port 28843); link_native=$(free_port 28943)
health_jdk=$(free_port 29043); health_native=$(free_port 29143)
cat >"$tls_dir/nginx.conf" <<EOF
worker_processes 1;
daemon off;
pid $tls_dir/nginx.pid;
error_log $tls_dir/error.log warn;
events { worker_connections 16384; }
http {
  client_body_temp_path $tls_dir/temp/body; proxy_temp_path $tls_dir/temp/proxy;
  fastcgi_temp_path $tls_dir/temp/fastcgi; uwsgi_temp_path $tls_dir/temp/uwsgi; scgi_temp_path $tls_dir/temp/scgi;
  log_format reused '\$ssl_session_reused \$ssl_protocol';
  access_log $tls_dir/access.log reused buffer=256k flush=1s;
  keepalive_requests 10000000;
  ssl_certificate $tls_dir/server.crt;
  ssl_certificate_key $tls_dir/server.key;
  ssl_protocols TLSv1.2 TLSv1.3;
  default_type text/plain;
  server {
    listen 127.0.0.1:$keep_port ssl reuseport backlog=4096;
    location / { return 200 "ok"; }
  }
  server {
    listen 127.0.0.1:$resume_port ssl backlog=4096;
    ssl_session_cache shared:bench:20m;
    ssl_session_tickets on;
    keepalive_timeout 0;
    location / { return 200 "ok"; }
  }
  server {
    listen 127.0.0.1:$full_port ssl backlog=4096;
    ssl_session_cache off;
    ssl_session_tickets off;
    keepalive_timeout 0;
    location / { return 200 "ok"; }
  }
}
EOF
taskset -c 0 nginx -c "$tls_dir/nginx.conf" -e "$tls_dir/error.log" &
started $!
until curl -sk -o /dev/null "https://127.0.0.1:$keep_port/"; do sleep 0.3; done
# Lines nginx logged so far, and how many of them were resumed handshakes ("r").
tls_log() {
  kill -USR1 "$(cat "$tls_dir/nginx.pid")"; sleep 1.2
  "$py" -c 'import sys
n = r = 0
for line in open(sys.argv[1]):
    n += 1; r += line.startswith("r ")
print(n, r)' "$tls_dir/access.log"
}

https_worker() { # provider link-port health-port -> sets worker_pid
  taskset -c 1 "$java" "${jvm_quiet[@]}" -Xmx1g -jar "$worker_jar" --coordinator "127.0.0.1:$2" \
    --link-token "$token" --server.port="$3" --stampede.worker.tls-provider="$1" \
    --stampede.worker.insecure-tls=true >"$work/https-worker-$1.txt" 2>&1 &
  worker_pid=$!; started $worker_pid
  wait_http "http://127.0.0.1:$3/actuator/health" 90
}
https_worker jdk "$link_jdk" "$health_jdk"; worker_jdk=$worker_pid
https_worker openssl "$link_native" "$health_native"; worker_native=$worker_pid
grep -h "https connections use" "$work"/https-worker-*.txt | sed 's/^.*INFO[^:]*: /  /' || true

cat >"$work/https-close.yaml" <<'EOF'
name: tls-connections
users:
  - name: connect
    tasks:
      - name: root
        steps:
          - http: {name: root, path: /}
EOF
# One headless Stampede run through the worker of $1: host $2, $3 seconds, extra args; prints
# the JSON row of it (requests from nginx's log, CPU seconds of that worker only).
https_stampede() { # provider host seconds label extra-args...
  local provider=$1 host=$2 seconds=$3 label=$4; shift 4
  local link=$link_jdk pid=$worker_jdk
  [ "$provider" = openssl ] && { link=$link_native; pid=$worker_native; }
  local before cpu_before after cpu_after
  read -r before before_r < <(tls_log)
  cpu_before=$(proc_cpu "$pid")
  taskset -c 0 "$java" "${jvm_quiet[@]}" -jar "$coordinator_jar" --link-token "$token" --web-host 127.0.0.1 \
    --server.port=$web_port --stampede.coordinator.link.port=$link --headless -u "$connections" -r "$connections" \
    -t "${seconds}s" -H "$host" --expect-workers 1 --json "$work/https-$label.json" "$@" >"$work/https-$label.txt" 2>&1 &
  local coord=$!; started $coord
  timeout $((seconds + 120)) tail --pid="$coord" -f /dev/null || true
  cpu_after=$(proc_cpu "$pid")
  read -r after after_r < <(tls_log)
  "$py" - "$work/https-$label.json" "$provider" "$label" $((after - before)) $((after_r - before_r)) \
    $((cpu_after - cpu_before)) "$seconds" <<'EOF'
import json, sys
path, provider, label, served, resumed, ticks, seconds = sys.argv[1], sys.argv[2], sys.argv[3], *map(int, sys.argv[4:])
try:
    row = next(r for r in json.load(open(path))["stats"] if r["name"] == "Aggregated")
    requests, failures = row["num_requests"], row["num_failures"]
except Exception as e:
    requests, failures = None, repr(e)
cpu = ticks / 100
print(json.dumps({"tool": "stampede-" + ("native" if provider == "openssl" else "jdk"), "label": label,
                  "served": served, "resumed": resumed, "requests": requests, "failures": failures,
                  "cpu_seconds": cpu, "per_second": served / seconds, "per_cpu_second": served / max(cpu, 0.01)}))
EOF
}

echo; echo "== https: warm-up, ${https_warmup}s per worker (keep-alive, then new connections)"
for provider in jdk openssl; do
  https_stampede "$provider" "https://127.0.0.1:$keep_port" "$https_warmup" "warmup-$provider" >/dev/null
  https_stampede "$provider" "https://127.0.0.1:$resume_port" $((https_warmup / 2)) "warmup-close-$provider" \
    -f "$work/https-close.yaml" >/dev/null
done

echo; echo "== https keep-alive: $connections connections, ${duration}s per tool, $https_rounds rounds in mirrored order"
: >"$work/https.jsonl"
for round in $(seq 1 "$https_rounds"); do
  order=(wrk jdk openssl); [ $((round % 2)) = 0 ] && order=(openssl jdk wrk)
  for tool in "${order[@]}"; do
    if [ "$tool" = wrk ]; then
      read -r before _ < <(tls_log)
      timeout $((duration + 30)) taskset -c 1 "$py" "$here/lib/cputime.py" "$work/https-wrk-$round.cpu" \
        wrk -t1 -c"$connections" -d"${duration}s" "https://127.0.0.1:$keep_port/" >"$work/https-wrk-$round.txt" || true
      read -r after _ < <(tls_log)
      "$py" -c 'import json,sys; s,c,d=int(sys.argv[1]),float(sys.argv[2]),int(sys.argv[3]); print(json.dumps({"tool":"wrk","label":"keep","served":s,"cpu_seconds":c,"per_second":s/d,"per_cpu_second":s/max(c,0.01)}))' \
        $((after - before)) "$(cat "$work/https-wrk-$round.cpu")" "$duration" | tee -a "$work/https.jsonl"
    else
      https_stampede "$tool" "https://127.0.0.1:$keep_port" "$duration" "keep-$tool-$round" | tee -a "$work/https.jsonl"
    fi
  done
done

echo; echo "== https new connections: every response closes its connection, ${duration}s each, resumed vs full handshakes"
for round in $(seq 1 "$https_rounds"); do
  servers=(resume full); [ $((round % 2)) = 0 ] && servers=(full resume)   # mirrored: JIT warm-up favours later runs
  for provider in jdk openssl; do
    for server in "${servers[@]}"; do
      port=$resume_port; [ "$server" = full ] && port=$full_port
      https_stampede "$provider" "https://127.0.0.1:$port" "$duration" "$server-$provider-$round" \
        -f "$work/https-close.yaml" | tee -a "$work/https.jsonl"
    done
  done
done
stop_pid "$worker_jdk"; stop_pid "$worker_native"
kill "$(cat "$tls_dir/nginx.pid")" 2>/dev/null || true; sleep 0.5

record https "$("$py" - "$work/https.jsonl" <<'EOF'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
def total(tool, label):
    mine = [r for r in rows if r["tool"] == tool and r["label"].startswith(label)]
    served = sum(r["served"] for r in mine); cpu = sum(r["cpu_seconds"] for r in mine)
    return {"served": served, "cpu_seconds": round(cpu, 2), "runs": len(mine),
            "per_cpu_second": round(served / max(cpu, 0.01)),
            "per_second": round(sum(r["per_second"] for r in mine) / max(1, len(mine))),
            "resumed": sum(r.get("resumed", 0) for r in mine),
            "by_run": [round(r["per_cpu_second"]) for r in mine]}
out = {"keep": {t: total(t, "keep") for t in ("wrk", "stampede-jdk", "stampede-native")},
       "connections": {f"{t}-{s}": total(t, s) for t in ("stampede-jdk", "stampede-native") for s in ("resume", "full")}}
k = out["keep"]
if k["wrk"]["per_cpu_second"]:
    out["ratios"] = {"jdk_vs_wrk": round(k["stampede-jdk"]["per_cpu_second"] / k["wrk"]["per_cpu_second"], 2),
                     "native_vs_wrk": round(k["stampede-native"]["per_cpu_second"] / k["wrk"]["per_cpu_second"], 2),
                     "native_vs_jdk": round(k["stampede-native"]["per_cpu_second"] / max(1, k["stampede-jdk"]["per_cpu_second"]), 2)}
print(json.dumps(out))
EOF
)"
"$py" -c 'import json,sys; print(json.dumps(json.load(open(sys.argv[1]))["https"], indent=1))' "$summary"
