#!/usr/bin/env bash
# Prints an eksctl ClusterConfig with its ${...} placeholders filled in, for
#   eksctl/cluster-config.sh load     | eksctl create cluster -f -
#   eksctl/cluster-config.sh workload | eksctl create cluster -f -
# Env (defaults): AWS_REGION (eu-west-1), CLUSTER_NAME (stampede-load / stampede-workload),
#   K8S_VERSION (1.32), WORKER_INSTANCE_TYPE (c5.2xlarge), WORKER_MAX_NODES (20),
#   WORKLOAD_INSTANCE_TYPE (m5.xlarge), WORKLOAD_MAX_NODES (30)
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
kind=${1:?usage: $0 load|workload}
case "$kind" in
  load|workload) ;;
  *) echo "usage: $0 load|workload" >&2; exit 2 ;;
esac
export AWS_REGION=${AWS_REGION:-${AWS_DEFAULT_REGION:-eu-west-1}}
export CLUSTER_NAME=${CLUSTER_NAME:-stampede-$kind}
export K8S_VERSION=${K8S_VERSION:-1.32}
export WORKER_INSTANCE_TYPE=${WORKER_INSTANCE_TYPE:-c5.2xlarge}
export WORKER_MAX_NODES=${WORKER_MAX_NODES:-20}
export WORKLOAD_INSTANCE_TYPE=${WORKLOAD_INSTANCE_TYPE:-m5.xlarge}
export WORKLOAD_MAX_NODES=${WORKLOAD_MAX_NODES:-30}
# Only our own placeholders are replaced (no envsubst needed); an unknown one is an error.
awk '{
  line = $0
  while (match(line, /\$\{[A-Z0-9_]+\}/)) {
    name = substr(line, RSTART + 2, RLENGTH - 3)
    if (!(name in ENVIRON)) { print "unset placeholder ${" name "}" > "/dev/stderr"; exit 1 }
    line = substr(line, 1, RSTART - 1) ENVIRON[name] substr(line, RSTART + RLENGTH)
  }
  print line
}' "$here/$kind-cluster.yaml"
