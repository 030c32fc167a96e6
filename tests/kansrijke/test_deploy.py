"""The Kubernetes manifests in deploy/kubernetes: valid, safe, and naming real settings."""

import re
from pathlib import Path

import kubernetes_validate
import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
MANIFESTS = ROOT / "deploy" / "kubernetes"


def documents():
    for path in sorted(MANIFESTS.glob("*.yaml")):
        if path.name != "kustomization.yaml":
            for document in yaml.safe_load_all(path.read_text()):
                yield path.name, document


def by_kind(kind):
    return [d for _, d in documents() if d["kind"] == kind]


def pod_specs():
    for document in by_kind("Deployment") + by_kind("Job"):
        yield document["metadata"]["name"], document["spec"]["template"]["spec"]
    for document in by_kind("CronJob"):
        spec = document["spec"]["jobTemplate"]["spec"]["template"]["spec"]
        yield document["metadata"]["name"], spec


@pytest.mark.parametrize(
    "document", [d for _, d in documents()], ids=lambda d: f"{d['kind']}/{d['metadata']['name']}"
)
def test_every_manifest_is_valid_kubernetes(document):
    kubernetes_validate.validate(document, "1.33.0", strict=True)


def test_every_pod_runs_as_non_root_on_a_read_only_root_filesystem():
    for name, spec in pod_specs():
        assert spec["securityContext"]["runAsNonRoot"] is True, name
        for container in spec["containers"]:
            assert container["securityContext"]["readOnlyRootFilesystem"] is True, name
            assert container["securityContext"]["allowPrivilegeEscalation"] is False, name


def test_the_web_pods_are_ready_on_readyz_and_alive_on_healthz():
    (web,) = [d for d in by_kind("Deployment") if d["metadata"]["name"] == "kansrijke-web"]
    (container,) = web["spec"]["template"]["spec"]["containers"]
    assert container["readinessProbe"]["httpGet"]["path"] == "/readyz"
    assert container["livenessProbe"]["httpGet"]["path"] == "/healthz"


def test_the_config_map_and_the_secret_name_variables_the_app_reads():
    read = set(
        re.findall(r'env\.\w+\(\s*"([A-Z0-9_]+)"', (ROOT / "kansrijke/settings.py").read_text())
    )
    read |= set(
        re.findall(r'environ\.get\("([A-Z0-9_]+)"', (ROOT / "deploy/gunicorn.conf.py").read_text())
    )
    (config,) = by_kind("ConfigMap")
    (secret,) = by_kind("Secret")
    named = set(config["data"]) | set(secret["stringData"])
    assert named - read == set()
    assert {"SECRET_KEY", "DATABASE_URL", "CACHE_URL", "AWS_STORAGE_BUCKET_NAME"} <= named
