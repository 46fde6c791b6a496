"""Validate the Kubernetes manifests: render the base and the production overlay, check every object
against the Kubernetes schemas (kubernetes-validate, strict: unknown fields are errors) and against the
house rules of docs/DEPLOYMENT.md. CI runs it (.ci/containers); exit status 0 when all is well.

Rendering uses `kubectl kustomize` (kustomize is built into kubectl). Without kubectl the base files are
validated one by one and the overlay's patches are only parsed: say so, so nobody mistakes it for more.
"""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import kubernetes_validate
import yaml

HERE = Path(__file__).resolve().parent
VERSION = "1.30.0"  # the oldest Kubernetes minor a city is likely to run that still gets updates


def render(folder: Path) -> list[dict]:
    if shutil.which("kubectl"):
        out = subprocess.run(["kubectl", "kustomize", str(folder)],  # noqa: S603, S607 (fixed command)
                             check=True, capture_output=True, text=True)
        return [doc for doc in yaml.safe_load_all(out.stdout) if doc]
    kustomization = yaml.safe_load((folder / "kustomization.yaml").read_text())
    docs = []
    for name in kustomization.get("resources", []):
        path = folder / name
        if path.is_dir():
            docs.extend(render(path))
        else:
            docs.extend(doc for doc in yaml.safe_load_all(path.read_text()) if doc)
    for patch in kustomization.get("patches", []):
        list(yaml.safe_load_all((folder / patch["path"]).read_text()))  # parses
    print(f"  kubectl not found: {folder.name} validated file by file, patches only parsed")
    return docs


def pod_rules(name: str, spec: dict) -> list[str]:
    """Every container probed and sized; nothing written outside scratch (no state on the pod's disk)."""
    problems = []
    for container in spec["containers"]:
        if "livenessProbe" not in container:
            problems.append(f"{name}: no liveness probe")
        if "requests" not in container.get("resources", {}):
            problems.append(f"{name}: no resource requests")
        if not container.get("securityContext", {}).get("readOnlyRootFilesystem"):
            problems.append(f"{name}: the root file system is writable (state on the pod's disk)")
    for volume in spec.get("volumes", []):
        if set(volume) - {"name", "emptyDir", "secret", "configMap", "projected"}:
            problems.append(f"{name}: volume {volume['name']} keeps state on a disk")
    return problems


def house_rules(docs: list[dict]) -> list[str]:
    """What docs/DEPLOYMENT.md promises about the workloads."""
    by_kind: dict[str, dict[str, dict]] = {}
    for doc in docs:
        by_kind.setdefault(doc["kind"], {})[doc["metadata"]["name"]] = doc
    deployments = by_kind.get("Deployment", {})
    problems = [p for name, d in deployments.items() for p in pod_rules(name, d["spec"]["template"]["spec"])]
    for name in ("thuisloket-web", "thuisloket-worker", "thuisloket-push-worker"):
        if name not in deployments:
            problems.append(f"Deployment {name} is missing")
            continue
        if "readinessProbe" not in deployments[name]["spec"]["template"]["spec"]["containers"][0]:
            problems.append(f"{name}: no readiness probe")
        problems += [f"{name}: no {kind}" for kind in ("HorizontalPodAutoscaler", "PodDisruptionBudget")
                     if name not in by_kind.get(kind, {})]
    beat = deployments.get("thuisloket-beat")
    if not beat or beat["spec"].get("replicas") != 1 or beat["spec"].get("strategy", {}).get("type") != "Recreate":
        problems.append("thuisloket-beat: must be one replica with the Recreate strategy")
    if "thuisloket-beat" in by_kind.get("HorizontalPodAutoscaler", {}):
        problems.append("thuisloket-beat must never autoscale")
    if "thuisloket-migrate" not in by_kind.get("Job", {}):
        problems.append("the migrate Job is missing")
    return problems


def main() -> int:
    failures = 0
    for folder in (HERE / "base", HERE / "overlays" / "production"):
        docs = render(folder)
        for doc in docs:
            try:
                kubernetes_validate.validate(doc, VERSION, strict=True)
            except kubernetes_validate.ValidationError as error:
                failures += 1
                print(f"  {folder.name}: {doc['kind']}/{doc['metadata']['name']}: {error.message} "
                      f"at {'.'.join(str(p) for p in error.path)}")
        problems = house_rules(docs)
        for problem in problems:
            print(f"  {folder.name}: {problem}")
        failures += len(problems)
        kinds = sorted({doc["kind"] for doc in docs})
        print(f"{folder.relative_to(HERE)}: {len(docs)} objects ({', '.join(kinds)}) "
              f"{'valid' if not failures else 'INVALID'} for Kubernetes {VERSION}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
