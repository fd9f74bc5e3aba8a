#!/usr/bin/env bash
# Builds the three service images with Jib on the Stampede base image and pushes them to
# Amazon ECR (repositories stampede/coordinator, stampede/worker, stampede/sample-workload,
# created when missing, scan on push).
#
# Usage:  AWS_REGION=eu-west-1 scripts/push-images.sh [TAG]      (TAG: the project version)
# Needs:  aws (v2), docker (a Docker engine: the base image is built with it from
#         Dockerfile-base when missing), JDK 25. Prints the registry to pass to the charts:
#         helm ... --set image.registry=<registry>
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

region=${AWS_REGION:-${AWS_DEFAULT_REGION:?set AWS_REGION}}
account=$(aws sts get-caller-identity --query Account --output text)
registry="$account.dkr.ecr.$region.amazonaws.com"
base=${BASE_IMAGE:-localhost/stampede-base:25}
tag_args=()
[ -n "${1:-}" ] && tag_args=("-Dimages.tag=$1")
log() { echo "[push-images] $*" >&2; }

for repo in stampede/coordinator stampede/worker stampede/sample-workload; do
  if ! aws ecr describe-repositories --region "$region" --repository-names "$repo" >/dev/null 2>&1; then
    log "creating ECR repository $repo"
    aws ecr create-repository --region "$region" --repository-name "$repo" \
      --image-scanning-configuration scanOnPush=true >/dev/null
  fi
done

log "docker login $registry"
aws ecr get-login-password --region "$region" | docker login --username AWS --password-stdin "$registry" >&2

if ! docker image inspect "$base" >/dev/null 2>&1; then
  log "building $base from Dockerfile-base"
  docker build -f Dockerfile-base -t "$base" .
fi

# Jib reads the base from the local engine (docker://) and pushes straight to ECR with the
# credentials docker login stored.
./mvnw -B -Pimages -DskipTests -Dimages.goal=build -Dimages.registry="$registry" \
  -Dimages.base="docker://$base" "${tag_args[@]}" package

log "pushed to $registry; install with: --set image.registry=$registry"
echo "$registry"
