#!/usr/bin/env bash
# Regenerates deploy/manifests/stampede.yaml (plain manifests for `kubectl create -f`) from
# charts/stampede's defaults. Renders with the same Helm engine the chart tests use (helm-java,
# no helm CLI needed): it runs PlainManifestsTest in update mode, which also checks the result.
# Run it after every change of charts/stampede; PlainManifestsTest fails while the file is stale.
set -euo pipefail
cd "$(dirname "$0")/.."
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
./mvnw -B -q -pl deploy-tests -am test -Dtest=PlainManifestsTest -Dsurefire.failIfNoSpecifiedTests=false \
  -Dstampede.manifests.update=true
echo "deploy/manifests/stampede.yaml is up to date"
