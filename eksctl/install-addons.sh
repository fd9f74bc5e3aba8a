#!/usr/bin/env bash
# Installs the cluster add-ons Stampede relies on into an eksctl cluster made from
# eksctl/*-cluster.yaml:
#   - Cluster Autoscaler (IRSA service account kube-system/cluster-autoscaler, made by eksctl)
#   - AWS Load Balancer Controller (IRSA kube-system/aws-load-balancer-controller): ALB Ingresses
#   - metrics-server: CPU metrics for the HPAs
#   - Container Insights: the amazon-cloudwatch-observability EKS add-on (CloudWatch agent +
#     Fluent Bit; the node groups carry the CloudWatch policy)
# Idempotent: re-running upgrades in place.
#
# Usage: CLUSTER_NAME=stampede-load AWS_REGION=eu-west-1 eksctl/install-addons.sh
# Needs: aws (v2), kubectl, helm 3, credentials for the account.
set -euo pipefail

CLUSTER_NAME=${CLUSTER_NAME:?set CLUSTER_NAME (e.g. stampede-load)}
AWS_REGION=${AWS_REGION:-${AWS_DEFAULT_REGION:?set AWS_REGION}}
ADDON_NODES=${ADDON_NODES:-role=addons}          # nodeSelector of the add-on pods
log() { echo "[install-addons] $*" >&2; }
for tool in aws kubectl helm; do
  command -v "$tool" >/dev/null || { log "missing tool: $tool"; exit 2; }
done

log "kubeconfig for $CLUSTER_NAME ($AWS_REGION)"
aws eks update-kubeconfig --name "$CLUSTER_NAME" --region "$AWS_REGION" >&2
vpc_id=$(aws eks describe-cluster --name "$CLUSTER_NAME" --region "$AWS_REGION" \
           --query 'cluster.resourcesVpcConfig.vpcId' --output text)
k8s_version=$(aws eks describe-cluster --name "$CLUSTER_NAME" --region "$AWS_REGION" \
           --query 'cluster.version' --output text)
sel_key=${ADDON_NODES%%=*}; sel_value=${ADDON_NODES#*=}

helm repo add autoscaler https://kubernetes.github.io/autoscaler >/dev/null 2>&1 || true
helm repo add eks https://aws.github.io/eks-charts >/dev/null 2>&1 || true
helm repo add metrics-server https://kubernetes-sigs.github.io/metrics-server/ >/dev/null 2>&1 || true
helm repo update >&2

log "cluster-autoscaler"
helm upgrade --install cluster-autoscaler autoscaler/cluster-autoscaler -n kube-system \
  --set autoDiscovery.clusterName="$CLUSTER_NAME" \
  --set awsRegion="$AWS_REGION" \
  --set rbac.serviceAccount.create=false \
  --set rbac.serviceAccount.name=cluster-autoscaler \
  --set image.tag="v${k8s_version}.0" \
  --set extraArgs.balance-similar-node-groups=true \
  --set extraArgs.skip-nodes-with-system-pods=false \
  --set "nodeSelector.${sel_key}=${sel_value}" \
  --wait >&2

log "aws-load-balancer-controller"
helm upgrade --install aws-load-balancer-controller eks/aws-load-balancer-controller -n kube-system \
  --set clusterName="$CLUSTER_NAME" \
  --set region="$AWS_REGION" \
  --set vpcId="$vpc_id" \
  --set serviceAccount.create=false \
  --set serviceAccount.name=aws-load-balancer-controller \
  --set "nodeSelector.${sel_key}=${sel_value}" \
  --wait >&2

log "metrics-server"
helm upgrade --install metrics-server metrics-server/metrics-server -n kube-system \
  --set "nodeSelector.${sel_key}=${sel_value}" \
  --wait >&2

log "Container Insights (amazon-cloudwatch-observability add-on)"
if aws eks describe-addon --cluster-name "$CLUSTER_NAME" --region "$AWS_REGION" \
     --addon-name amazon-cloudwatch-observability >/dev/null 2>&1; then
  log "already installed"
else
  aws eks create-addon --cluster-name "$CLUSTER_NAME" --region "$AWS_REGION" \
    --addon-name amazon-cloudwatch-observability >&2
  aws eks wait addon-active --cluster-name "$CLUSTER_NAME" --region "$AWS_REGION" \
    --addon-name amazon-cloudwatch-observability
fi

log "done: kubectl top nodes works once metrics-server has scraped (about a minute)"
kubectl get deploy -n kube-system cluster-autoscaler-aws-cluster-autoscaler aws-load-balancer-controller metrics-server >&2 || true
