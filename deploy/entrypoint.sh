#!/bin/sh
# The image's entrypoint: one argument names the process (docs/DEPLOYMENT.md).
#   web      (default) the ASGI app on $PORT (8000): uvicorn, $WEB_CONCURRENCY processes (2)
#   worker   a Celery worker for the queues in $CELERY_QUEUES (celery); $CELERY_CONCURRENCY processes (2)
#   beat     Celery beat: run exactly one
#   migrate  the release job: check --deploy, migrate (idempotent; run before web/worker/beat start)
#   health   the container health check of the process this container runs (HEALTHCHECK, probes)
# Anything else is run as a command (e.g. `python manage.py createsuperuser`).
# Every setting comes from the environment; DJANGO_SETTINGS_MODULE is the production one (portal.settings.base).
set -eu
cd /app
role=${1:-web}
[ $# -gt 0 ] && shift
# Health checks run as a separate process: they read which role this container started with.
role_file=/tmp/thuisloket-role
case "$role" in web|worker|beat) echo "$role" > "$role_file" ;; esac
mkdir -p "${THUISLOKET_VAR_DIR:-/tmp/thuisloket}"

case "$role" in
  web)
    # ASGI for the chat's Server-Sent Events streams: an open stream costs no thread. uvicorn restarts a
    # worker process that dies; the proxy headers are trusted only from $FORWARDED_ALLOW_IPS.
    exec uvicorn portal.asgi:application --host "${LISTEN_ADDRESS:-0.0.0.0}" --port "${PORT:-8000}" \
      --workers "${WEB_CONCURRENCY:-2}" --proxy-headers --forwarded-allow-ips "${FORWARDED_ALLOW_IPS:-127.0.0.1}" \
      --timeout-graceful-shutdown "${WEB_GRACEFUL_SECONDS:-30}" --no-server-header --lifespan off \
      --log-level "$(echo "${LOG_LEVEL:-INFO}" | tr 'A-Z' 'a-z')" "$@"
    ;;
  worker)
    # One image, several worker kinds: CELERY_QUEUES=celery for certificates and the desk, CELERY_QUEUES=push
    # for a worker that only delivers Web Push (with WEBPUSH_QUEUE=push), so a crisis never waits.
    exec celery -A portal worker --queues "${CELERY_QUEUES:-celery}" --concurrency "${CELERY_CONCURRENCY:-2}" \
      --hostname "${CELERY_WORKER_NAME:-worker}@%h" --loglevel "${LOG_LEVEL:-INFO}" \
      --without-gossip --without-mingle "$@"
    ;;
  beat)
    # The schedule file is ephemeral (/tmp): after a restart beat starts the intervals anew.
    exec celery -A portal beat --loglevel "${LOG_LEVEL:-INFO}" \
      --schedule "${THUISLOKET_VAR_DIR:-/tmp/thuisloket}/celerybeat-schedule" "$@"
    ;;
  migrate)
    # Idempotent: run it before every release (Kubernetes Job, compose one-shot service). check --deploy
    # stops the release on errors (warnings are printed); migrate does nothing when nothing changed.
    # The database may still be starting (compose starts it at the same time): wait up to $DB_WAIT_SECONDS.
    python - <<'PY'
import os, time
import django
django.setup()
from django.db import connection
deadline = time.monotonic() + int(os.environ.get("DB_WAIT_SECONDS", "90"))
while True:
    try:
        connection.ensure_connection()
        break
    except Exception as error:  # any driver error: not up yet
        if time.monotonic() > deadline:
            raise SystemExit(f"the database did not answer: {error}")
        time.sleep(2)
PY
    # CHECK_DEPLOY=0 only for a demo on plain http with the development provider (compose's demo, the smoke
    # test): the production checks would rightly refuse its http issuer; the basic checks still run.
    if [ "${CHECK_DEPLOY:-1}" = 1 ]; then python manage.py check --deploy; else python manage.py check; fi
    python manage.py migrate --noinput
    if [ "${THUISLOKET_DEMO_DATA:-0}" = 1 ]; then
      # Demo and training servers only (REGISTRY_ADAPTER_DEMO_ALLOWED=1): the embedded register's residents.
      python manage.py load_demo_data
    fi
    ;;
  health)
    exec python /app/deploy/health.py "$(cat "$role_file" 2>/dev/null || echo web)"
    ;;
  *)
    exec "$role" "$@"
    ;;
esac
