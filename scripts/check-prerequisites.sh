#!/usr/bin/env bash
# Checks, before anything is created, that this machine can run docs/deploy.md: the tools
# (aws v2, eksctl, kubectl, helm 3, jq, docker) are on PATH and the AWS credentials work
# (aws sts get-caller-identity). Prints what it found; exits 1 naming everything missing.
#
# Usage:  AWS_REGION=eu-west-1 scripts/check-prerequisites.sh
# Env:    STAMPEDE_PREREQ_TOOLS  the tools to require (default: "aws eksctl kubectl helm jq docker")
set -uo pipefail

tools=${STAMPEDE_PREREQ_TOOLS:-aws eksctl kubectl helm jq docker}
missing=()
log() { echo "[prerequisites] $*" >&2; }

hint() {
  case $1 in
    aws) echo "AWS CLI v2: https://docs.aws.amazon.com/cli/latest/userguide/getting-started-install.html" ;;
    eksctl) echo "https://eksctl.io/installation/" ;;
    kubectl) echo "https://kubernetes.io/docs/tasks/tools/" ;;
    helm) echo "Helm 3: https://helm.sh/docs/intro/install/" ;;
    jq) echo "your package manager (apt-get install jq, brew install jq)" ;;
    docker) echo "a Docker engine (scripts/push-images.sh builds and pushes the images with it)" ;;
    *) echo "install it" ;;
  esac
}

for tool in $tools; do
  if path=$(command -v "$tool"); then
    log "ok       $tool ($path)"
  else
    log "MISSING  $tool: $(hint "$tool")"
    missing+=("$tool")
  fi
done

if [[ " $tools " == *" aws "* ]] && command -v aws >/dev/null; then
  if [ -z "${AWS_REGION:-${AWS_DEFAULT_REGION:-}}" ]; then
    log "MISSING  AWS_REGION: export AWS_REGION=<region> (docs/deploy.md)"
    missing+=("AWS_REGION")
  fi
  if identity=$(aws sts get-caller-identity --query Arn --output text 2>&1); then
    log "ok       AWS identity $identity"
  else
    log "MISSING  working AWS credentials: aws sts get-caller-identity said: $identity"
    missing+=("aws-credentials")
  fi
fi

if [ ${#missing[@]} -gt 0 ]; then
  log "FAILED: missing ${missing[*]}; nothing was created"
  exit 1
fi
log "all prerequisites found"
