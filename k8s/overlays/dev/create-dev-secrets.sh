#!/usr/bin/env bash
# Loads the dev PKI (written by `vdxp dev up` or `vdxp pki init` to .vdxp/dev/pki) into the vdxp namespace as
# the Secrets and ConfigMap the base refers to by name, and makes the services' database role Secrets. In prod,
# cert-manager issues vdxp-<service>-tls instead.
#
#   k8s/overlays/dev/create-dev-secrets.sh [PKI_DIR]      (default: .vdxp/dev/pki under the repository root)
#
# Idempotent: re-running replaces the objects (after `vdxp pki init` made new files, restart the Deployments).
set -euo pipefail

root="$(cd "$(dirname "$0")/../../.." && pwd)"
pki="${1:-$root/.vdxp/dev/pki}"
namespace="${VDXP_NAMESPACE:-vdxp}"

for file in platform-ca.pem configuration-signing.pem configuration-signing-key.pem; do
  [ -f "$pki/$file" ] || { echo "missing $pki/$file — run 'vdxp pki init' (or 'vdxp dev up') first" >&2; exit 1; }
done

apply() { kubectl apply -f - >/dev/null; }

kubectl get namespace "$namespace" >/dev/null 2>&1 || kubectl create namespace "$namespace"

for service in central exchange monitoring ticket report search; do
  kubectl -n "$namespace" create secret generic "vdxp-$service-tls" \
    --type=kubernetes.io/tls \
    --from-file=tls.crt="$pki/services/$service.pem" \
    --from-file=tls.key="$pki/services/$service-key.pem" \
    --from-file=ca.crt="$pki/platform-ca.pem" \
    --dry-run=client -o yaml | apply
  echo "secret/vdxp-$service-tls"
done

# Each service's database role (k8s/base/database.yaml, managed roles): vdxp_<service> with a random password,
# made once and kept on later runs (CloudNativePG sets the role's password from the Secret).
for service in central exchange monitoring ticket report search; do
  if ! kubectl -n "$namespace" get secret "vdxp-db-$service" >/dev/null 2>&1; then
    kubectl -n "$namespace" create secret generic "vdxp-db-$service" \
      --type=kubernetes.io/basic-auth \
      --from-literal=username="vdxp_$service" \
      --from-literal=password="$(head -c 30 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')" \
      --dry-run=client -o yaml | apply
  fi
  kubectl -n "$namespace" label secret "vdxp-db-$service" cnpg.io/reload=true --overwrite >/dev/null
  echo "secret/vdxp-db-$service"
done

kubectl -n "$namespace" create secret generic vdxp-configuration-signing \
  --type=kubernetes.io/tls \
  --from-file=tls.crt="$pki/configuration-signing.pem" \
  --from-file=tls.key="$pki/configuration-signing-key.pem" \
  --dry-run=client -o yaml | apply
echo "secret/vdxp-configuration-signing"

kubectl -n "$namespace" create configmap vdxp-configuration-anchor \
  --from-file=anchor.pem="$pki/configuration-signing.pem" \
  --dry-run=client -o yaml | apply
echo "configmap/vdxp-configuration-anchor"
