# Sourced by .ci/run: the kube-apiserver binary the tests against a real Kubernetes API server
# need (K8sStepExecutorApiServerTest, ChartServerSideDryRunTest). Built once from Debian's
# kubernetes source package (~8 min on 2 cores) into ${STAMPEDE_KUBE_CACHE:-~/.cache/stampede-kube}
# (cache that directory between CI runs); when cached this returns at once. The tests start and
# stop the server themselves. With CI=true they fail, not skip, when the binary is missing.
scripts/kube-apiserver.sh build >/dev/null \
  || { echo "ci: scripts/kube-apiserver.sh build failed" >&2; exit 1; }
command -v etcd >/dev/null \
  || { echo "ci: etcd not found after scripts/kube-apiserver.sh build (Debian package etcd-server)" >&2; exit 1; }
