"""The container health check (Dockerfile HEALTHCHECK, compose healthcheck): exit 0 when this container's
process is alive. ``python deploy/health.py web|worker|beat`` (deploy/entrypoint.sh health picks the role).

web: ``/gezondheid/live/`` on $PORT answers 200 (process up; readiness, which also asks the database, cache
and broker, is for the load balancer and Kubernetes' readiness probe, not for restarting a container).
worker and beat: ``manage.py celery_alive`` (their heartbeat file is fresh). Standard library only, so
the web check costs no Django start.
"""
import os
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

APP = Path(__file__).resolve().parent.parent


def web() -> int:
    port = os.environ.get("PORT", "8000")
    for path in ("/gezondheid/live/", "/gezondheid/"):  # the second for images older than the live endpoint
        request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers={"Host": "localhost"})
        try:
            with urllib.request.urlopen(request, timeout=4) as response:  # noqa: S310 (our own loopback URL)
                return 0 if response.status == 200 else 1
        except urllib.error.HTTPError as error:
            if error.code != 404:
                print(f"{path}: {error.code}")
                return 1
        except OSError as error:
            print(f"{path}: {error}")
            return 1
    return 1


def celery(kind: str) -> int:
    if (APP / "portal" / "management" / "commands" / "celery_alive.py").exists():
        command = [sys.executable, str(APP / "manage.py"), "celery_alive", kind]
    elif kind == "worker":
        command = ["celery", "-A", "portal", "inspect", "ping", "--timeout", "5",
                   "--destination", f"{os.environ.get('CELERY_WORKER_NAME', 'worker')}@{os.uname().nodename}"]
    else:
        return 0
    return subprocess.call(command, cwd=APP, timeout=25)  # noqa: S603 (fixed command)


if __name__ == "__main__":
    role = sys.argv[1] if len(sys.argv) > 1 else "web"
    sys.exit(web() if role == "web" else celery(role))
