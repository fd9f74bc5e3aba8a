#!/usr/bin/env bash
# Local demo: sample-workload (the target) on :8080, the coordinator with one in-process
# worker on :8089, and a real load test started through the Locust-compatible API.
# Open http://localhost:8089 to watch it. Ctrl-C stops everything.
#
#   ./demo.sh                 # UI mode: 20 users on the todo-crud scenario for 10 minutes
#   ./demo.sh --headless      # console mode: prints Locust's stats table, 30 s, then exits
#
# Env: DEMO_USERS (20), DEMO_SPAWN_RATE (5), DEMO_RUN_TIME (10m; 30s headless),
#      DEMO_SCENARIO (scenarios/todo-crud.yaml), JAVA_HOME (JDK 25).
set -euo pipefail
cd "$(dirname "$0")"

headless=false
[ "${1:-}" = "--headless" ] && headless=true

if [ -z "${JAVA_HOME:-}" ] || ! "$JAVA_HOME/bin/java" -version 2>&1 | grep -q '"25'; then
  export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
fi
[ -x "$JAVA_HOME/bin/java" ] || { echo "demo: JDK 25 not found; set JAVA_HOME" >&2; exit 2; }
java="$JAVA_HOME/bin/java"

users="${DEMO_USERS:-20}"
rate="${DEMO_SPAWN_RATE:-5}"
scenario="${DEMO_SCENARIO:-scenarios/todo-crud.yaml}"
if $headless; then run_time="${DEMO_RUN_TIME:-30s}"; else run_time="${DEMO_RUN_TIME:-10m}"; fi

jars=(sample-workload/target/sample-workload.jar coordinator-service/target/coordinator-service.jar)
stale=false
for jar in "${jars[@]}"; do
  if [ ! -f "$jar" ] || [ -n "$(find . -path ./node_modules -prune -o -name '*.java' -newer "$jar" -print -quit 2>/dev/null)" ]; then
    stale=true
  fi
done
if $stale; then
  echo "demo: building (./mvnw -DskipTests package) ..."
  ./mvnw -B -q -DskipTests package
fi

logs=$(mktemp -d -t stampede-demo.XXXXXX)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  echo "demo: stopped; logs in $logs"
}
trap cleanup EXIT INT TERM

wait_http() { # url, seconds
  for _ in $(seq 1 "$2"); do curl -fsS -o /dev/null "$1" 2>/dev/null && return 0; sleep 1; done
  echo "demo: $1 did not come up; see $logs" >&2; return 1
}

echo "demo: starting sample-workload on :8080"
"$java" -jar sample-workload/target/sample-workload.jar >"$logs/sample-workload.log" 2>&1 &
pids+=($!)
wait_http http://127.0.0.1:8080/live 60

if $headless; then
  echo "demo: headless run, $users users, $run_time"
  code=0
  "$java" -jar coordinator-service/target/coordinator-service.jar --headless -f "$scenario" \
    -H http://127.0.0.1:8080 --web-host 127.0.0.1 -u "$users" -r "$rate" -t "$run_time" --local-workers 1 --print-stats \
    --html "$logs/report.html" --csv "$logs/demo" || code=$?
  # Exit code 1 = a request failed or a scenario threshold was breached (printed above);
  # on a busy machine todo-crud's p95 threshold may trip: that is the tool working.
  echo "demo: run finished with exit code $code; report at $logs/report.html"
  exit "$code"
fi

echo "demo: starting coordinator on :8089 with one local worker"
"$java" -jar coordinator-service/target/coordinator-service.jar -f "$scenario" \
  -H http://127.0.0.1:8080 --web-host 127.0.0.1 --local-workers 1 >"$logs/coordinator.log" 2>&1 &
pids+=($!)
wait_http http://127.0.0.1:8089/actuator/health 60

curl -fsS -X POST -d "user_count=$users" -d "spawn_rate=$rate" -d "run_time=$run_time" \
  http://127.0.0.1:8089/swarm
echo
echo "demo: load test running ($users users, $run_time). Open http://localhost:8089 — Ctrl-C to stop."
wait "${pids[1]}"
