#!/bin/sh
# Register the portal as a client (idempotent) and serve the development provider on $DEVIDP_PORT.
# THUISLOKET_URL is where the browser reaches the portal (redirect and post-logout URIs).
set -eu
cd /app
mkdir -p "${THUISLOKET_VAR_DIR:-/tmp/thuisloket}"
python manage.py devidp_setup --client-id "${OIDC_RP_CLIENT_ID:?}" --client-secret "${OIDC_RP_CLIENT_SECRET:?}" \
  --redirect-uri "${THUISLOKET_URL:?}/oidc/callback/" --post-logout-uri "$THUISLOKET_URL/" \
  --post-logout-uri "$THUISLOKET_URL/klaar/gedaan/"
exec python manage.py runserver "${DEVIDP_HOST:-0.0.0.0}:${DEVIDP_PORT}" --noreload
