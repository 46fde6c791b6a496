"""The Kubernetes base, made runnable by `podman kube play` on one machine (the smoke test of .ci/containers).

    python deploy/kubernetes/kube_play.py --image localhost/thuisloket:ci --env-json web-env.json \
        --compose compose.yaml --seal-dir DIR --port 8200 --out-dir OUT
    podman kube play --network=host OUT/migrate.yaml   # then wait for it, then:
    podman kube play --network=host OUT/workloads.yaml

The base is rendered as a cluster would get it (kubectl kustomize), then only what a single podman host
needs changes; everything else (commands, probes, security contexts, volumes, the ConfigMap's keys) is
the base's own:
- the ConfigMap gets this machine's values (and --set ones): the portal variables of compose.yaml (x-portal-env), read
  from a running compose container's environment (--env-json: `podman inspect --format '{{json
  .Config.Env}}'`), so both smoke tests run with the same settings;
- the Secret's values become a ConfigMap too (podman 4.3 crashes on Secret volumes and needs podman
  secrets for secretRef), and the seal's Secret volume a hostPath of --seal-dir (seal.p12, trust-root.pem);
- pods use the host's network (only loopback traffic is allowed here), web listens on --port (no port
  mappings: podman refuses them on the host network);
- each workload's emptyDir gets its own name (podman 4.3 shares an emptyDir volume by name across pods);
- the migrate Job becomes a Pod that runs once (kube play runs pods and Deployments, not Jobs);
- Services, HorizontalPodAutoscalers and PodDisruptionBudgets are left out: they need a cluster
  (validate.py checks them against the schemas).
"""
from __future__ import annotations

import argparse
import json
import shutil
import subprocess
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
SECRET_KEYS_FROM_BASE = "thuisloket-secrets"
KEEP_FROM_BASE = {"SEAL_PKCS12_FILE", "SEAL_TRUST_ROOT_FILE"}  # the paths of the mounted seal


def render_base() -> list[dict]:
    if shutil.which("kubectl"):
        text = subprocess.run(["kubectl", "kustomize", str(HERE / "base")],  # noqa: S603, S607 (fixed command)
                              check=True, capture_output=True, text=True).stdout
        return [doc for doc in yaml.safe_load_all(text) if doc]
    kustomization = yaml.safe_load((HERE / "base" / "kustomization.yaml").read_text())
    docs = []
    for name in kustomization["resources"]:
        docs.extend(doc for doc in yaml.safe_load_all((HERE / "base" / name).read_text()) if doc)
    return docs


def machine_values(env_json: Path, compose: Path) -> dict[str, str]:
    names = set(yaml.safe_load(compose.read_text())["x-portal-env"])
    env = dict(item.split("=", 1) for item in json.loads(env_json.read_text()))
    return {name: env[name] for name in sorted(names) if name in env}


def adapt_pod_spec(spec: dict, args, secret_map: str, owner: str) -> None:
    spec["hostNetwork"] = True
    # podman 4.3 makes an emptyDir a named volume called like the pod's volume, shared by every pod that
    # uses that name: one volume per workload keeps each pod's scratch its own, as in a cluster.
    scratch = {v["name"]: f"{owner}-{v['name']}" for v in spec.get("volumes", []) if "emptyDir" in v}
    for volume in spec.get("volumes", []):
        volume["name"] = scratch.get(volume["name"], volume["name"])
    for container in spec["containers"]:
        for mount in container.get("volumeMounts", []):
            mount["name"] = scratch.get(mount["name"], mount["name"])
    for container in spec["containers"]:
        container["image"] = args.image
        container["imagePullPolicy"] = "Never"
        for source in container.get("envFrom", []):
            if source.get("secretRef", {}).get("name") == SECRET_KEYS_FROM_BASE:
                source["configMapRef"] = {"name": secret_map}
                del source["secretRef"]
        if container["name"] == "web":
            env = [e for e in container.get("env", []) if e["name"] not in {"PORT", "LISTEN_ADDRESS"}]
            container["env"] = env + [{"name": "PORT", "value": str(args.port)},
                                      {"name": "LISTEN_ADDRESS", "value": "127.0.0.1"}]
            container.pop("ports", None)  # host network: no port mappings (podman refuses them)
            for probe in ("startupProbe", "readinessProbe", "livenessProbe"):
                if "httpGet" in container.get(probe, {}):
                    container[probe]["httpGet"]["port"] = args.port
    for volume in spec.get("volumes", []):
        if "secret" in volume:
            volume.pop("secret")
            volume["hostPath"] = {"path": str(Path(args.seal_dir).resolve()), "type": "Directory"}


def convert(docs: list[dict], args) -> tuple[list[dict], list[dict]]:
    values = machine_values(Path(args.env_json), Path(args.compose))
    config, secret_values, workloads, migrate = None, {}, [], []
    for doc in docs:
        kind, name = doc["kind"], doc["metadata"]["name"]
        if kind == "ConfigMap" and name == "thuisloket-config":
            config = doc
        elif kind == "Secret" and name == SECRET_KEYS_FROM_BASE:
            secret_values = {key: values.pop(key, "") for key in doc.get("stringData", {})}
        elif kind == "Deployment":
            doc["spec"]["replicas"] = 1  # one host network: one web on the port
            workloads.append(doc)
        elif kind == "Job":
            template = doc["spec"]["template"]
            migrate.append({"apiVersion": "v1", "kind": "Pod",
                            "metadata": {"name": name, "labels": template["metadata"].get("labels", {})},
                            "spec": template["spec"]})
    extra = dict(item.split("=", 1) for item in args.set)
    config["data"] = {**config["data"], **{k: v for k, v in values.items() if k not in KEEP_FROM_BASE}, **extra}
    secret_map = {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": f"{SECRET_KEYS_FROM_BASE}-local"},
                  "data": secret_values}
    for doc in workloads:
        adapt_pod_spec(doc["spec"]["template"]["spec"], args, secret_map["metadata"]["name"], doc["metadata"]["name"])
    for doc in migrate:
        adapt_pod_spec(doc["spec"], args, secret_map["metadata"]["name"], doc["metadata"]["name"])
    return [config, secret_map, *migrate], [config, secret_map, *workloads]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--image", required=True)
    parser.add_argument("--env-json", required=True)
    parser.add_argument("--compose", default=str(HERE.parent.parent / "compose.yaml"))
    parser.add_argument("--seal-dir", required=True)
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--out-dir", required=True)
    parser.add_argument("--set", action="append", default=[], metavar="KEY=VALUE",
                        help="one more ConfigMap value (repeatable), e.g. CHECK_DEPLOY=0 for the http demo")
    args = parser.parse_args()
    migrate, workloads = convert(render_base(), args)
    out = Path(args.out_dir)
    out.mkdir(parents=True, exist_ok=True)
    (out / "migrate.yaml").write_text(yaml.safe_dump_all(migrate, sort_keys=False))
    (out / "workloads.yaml").write_text(yaml.safe_dump_all(workloads, sort_keys=False))
    names = [d["metadata"]["name"] for d in workloads if d["kind"] == "Deployment"]
    print(f"{out}/migrate.yaml: the migrate Job as a pod; {out}/workloads.yaml: {', '.join(names)}")


if __name__ == "__main__":
    main()
