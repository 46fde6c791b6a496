# Thuisloket's one image: web (ASGI), worker, beat and the migrate/release job (deploy/entrypoint.sh).
#   docker build -t thuisloket .                                      (from the official Python image)
#   podman build --build-arg BASE_IMAGE=localhost/thuisloket-base:bookworm .   (from deploy/base-image.sh)
# Every setting comes from the environment at run time (docs/OPERATIONS.md); docs/DEPLOYMENT.md explains
# the entrypoint's arguments.
ARG BASE_IMAGE=python:3.11-slim-bookworm

# --- system: Pango/HarfBuzz-subset/fonts for WeasyPrint, poppler for mandate PDFs, tini as PID 1. The local
# base (deploy/base-image.packages) has them all; the official image gets the missing ones from Debian.
FROM ${BASE_IMAGE} AS system
ARG SYSTEM_PACKAGES="ca-certificates libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core \
poppler-utils tini"
RUN set -eu; missing=""; \
    for p in $SYSTEM_PACKAGES; do dpkg -s "$p" >/dev/null 2>&1 || missing="$missing $p"; done; \
    if [ -n "$missing" ]; then \
      apt-get update; DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $missing; \
      rm -rf /var/lib/apt/lists/*; \
    fi
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    LANG=C.UTF-8 \
    VIRTUAL_ENV=/opt/venv \
    PATH=/opt/venv/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin

# --- build: the virtual environment, static files with their manifest, compiled translations.
FROM system AS build
RUN set -eu; dpkg -s gettext >/dev/null 2>&1 || { apt-get update; \
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends gettext; }
# Optional extras of pyproject.toml installed in the image (s3: django-storages for S3-compatible storage).
ARG EXTRAS="s3"
# A CA bundle for pip behind a TLS-inspecting proxy (CI mounts the host's: see .ci/containers); empty: none.
ARG PIP_CERT=""
RUN python3 -m venv /opt/venv
WORKDIR /app
# Dependencies first (their own layer: a code change does not reinstall them): exactly the hashed lock
# requirements/production.txt (runtime and the s3 extra; ./thuisloket lock writes it); a checkout without
# the lock gets the ranges of pyproject.toml and the EXTRAS. pip check proves the lock is complete on this
# interpreter (async-timeout, which redis needs below 3.11.3 only, is declared for that reason).
COPY pyproject.toml /app/
COPY requirements/ /app/requirements/
RUN --mount=type=cache,target=/root/.cache/pip \
    set -eu; if [ -n "$PIP_CERT" ]; then export PIP_CERT; fi; \
    pip install --upgrade "pip>=24" wheel; \
    if [ -f requirements/production.txt ]; then \
      pip install --require-hashes --no-deps -r requirements/production.txt; \
      pip check; \
    else \
      python3 -c "import sys, tomllib; p = tomllib.load(open('pyproject.toml', 'rb'))['project']; \
extras = p.get('optional-dependencies', {}); \
print('\\n'.join(p['dependencies'] + [d for e in sys.argv[1].split(',') if e for d in extras.get(e, [])]))" \
        "$EXTRAS" > /tmp/requirements.txt; \
      pip install -r /tmp/requirements.txt; \
    fi
COPY . /app
# Build-time only values: the settings need none of them to collect static files or compile messages.
RUN set -eu; export DJANGO_SETTINGS_MODULE=portal.settings.base SECRET_KEY=build-only STATIC_ROOT=/app/staticfiles; \
    python3 manage.py collectstatic --noinput -v 0; \
    python3 manage.py compilemessages -v 0 --ignore=node_modules; \
    python3 -m compileall -q /app >/dev/null

# --- runtime: the system layer, the venv and the application; no compiler, no gettext, not root.
FROM system AS runtime
RUN groupadd --gid 10001 thuisloket \
 && useradd --uid 10001 --gid thuisloket --home-dir /app --no-create-home --shell /usr/sbin/nologin thuisloket
COPY --from=build /opt/venv /opt/venv
COPY --from=build --chown=root:root /app /app
WORKDIR /app
# Production settings everywhere; static files are in the image (WhiteNoise serves them); nothing is
# written below /app. /tmp holds the beat schedule and the worker's heartbeat file (ephemeral).
ENV DJANGO_SETTINGS_MODULE=portal.settings.base \
    STATIC_ROOT=/app/staticfiles \
    THUISLOKET_VAR_DIR=/tmp/thuisloket \
    HOME=/tmp \
    XDG_CACHE_HOME=/tmp/.cache \
    PORT=8000
USER 10001:10001
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=20s --start-period=60s --retries=3 CMD ["/app/deploy/entrypoint.sh", "health"]
ENTRYPOINT ["/usr/bin/tini", "--", "/app/deploy/entrypoint.sh"]
CMD ["web"]
