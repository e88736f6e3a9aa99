#!/usr/bin/env bash
# Creates the Secrets Parley's deployment reads, with random values, in one namespace (default: parley).
# Existing Secrets are left as they are, so running it again never rotates a credential.
#   parley-credentials       secrets-key (PARLEY_SECRETS_KEY), redis-password, <service>-oidc-client-secret
#                            (read by the chart with secrets.existingSecret=parley-credentials, by Redis and
#                            by the Keycloak realm import)
#   parley-db-<service>      kubernetes.io/basic-auth, the PostgreSQL role of each service (CloudNativePG)
#   parley-db-keycloak       the same for Keycloak's database
set -euo pipefail
NS=${1:-parley}
random() { head -c "$1" /dev/urandom | base64 | tr -d '\n/+=' | head -c "$2"; }
exists() { kubectl -n "$NS" get secret "$1" >/dev/null 2>&1; }

kubectl get namespace "$NS" >/dev/null 2>&1 || kubectl create namespace "$NS"

if exists parley-credentials; then
  echo "parley-credentials: exists, kept"
else
  args=(--from-literal=secrets-key="$(head -c 32 /dev/urandom | base64)"
        --from-literal=redis-password="$(random 48 32)")
  for svc in bot-service conversation-service routing-service llm-gateway; do
    args+=(--from-literal="$svc-oidc-client-secret=$(random 48 40)")
  done
  kubectl -n "$NS" create secret generic parley-credentials "${args[@]}"
fi

for role in bot conversation routing llm keycloak; do
  name=parley-db-$role
  user=parley_$role
  [[ $role == keycloak ]] && user=keycloak
  if exists "$name"; then
    echo "$name: exists, kept"
  else
    kubectl -n "$NS" create secret generic "$name" --type=kubernetes.io/basic-auth \
      --from-literal=username="$user" --from-literal=password="$(random 48 32)"
    # CloudNativePG applies a changed password to the role when the Secret carries this label.
    kubectl -n "$NS" label secret "$name" cnpg.io/reload=true
  fi
done
