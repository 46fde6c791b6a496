#!/usr/bin/env bash
# deploy/base-image.sh TAG — build a local base image from Debian packages and tag it TAG.
#
# For machines that reach Debian's mirror but no container registry (CI here, an air-gapped build
# host with a Debian mirror): mmdebstrap makes a bookworm root file system with the packages of
# deploy/base-image.packages, `podman import` turns it into an image. The portal's Dockerfile then
# builds on it: podman build --build-arg BASE_IMAGE=TAG .
#
# Cached: the image carries a label with the hash of this script and the package list; when TAG
# exists with the same hash nothing is rebuilt (FORCE=1 rebuilds). Needs root, mmdebstrap, podman.
# DEBIAN_MIRROR overrides the mirror (default deb.debian.org).
set -euo pipefail
tag=${1:?usage: deploy/base-image.sh TAG (e.g. localhost/thuisloket-base:bookworm)}
here=$(cd "$(dirname "$0")" && pwd)
packages_file="$here/base-image.packages"
mirror=${DEBIAN_MIRROR:-http://deb.debian.org}
label=org.thuisloket.base-inputs

inputs=$(cat "$here/base-image.sh" "$packages_file" | sha256sum | cut -c1-32)
if [[ -z "${FORCE:-}" ]] && podman image exists "$tag" \
   && [[ "$(podman image inspect "$tag" --format "{{ index .Labels \"$label\" }}")" == "$inputs" ]]; then
  echo "base image $tag is up to date (inputs $inputs)"
  exit 0
fi

packages=$(grep -v '^\s*#' "$packages_file" | tr -s ' \n' ',' | sed 's/^,//; s/,$//')
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
started=$(date +%s)
echo "building base image $tag from Debian bookworm: $packages"
# minbase: dpkg, apt and essentials only; no recommends, no docs/man pages/locales (the portal ships
# its own translations), apt lists removed: a smaller image, the same packages every time.
mmdebstrap --variant=minbase --mode=root --quiet \
  --aptopt='APT::Install-Recommends "false"' \
  --dpkgopt='path-exclude=/usr/share/doc/*' --dpkgopt='path-include=/usr/share/doc/*/copyright' \
  --dpkgopt='path-exclude=/usr/share/man/*' --dpkgopt='path-exclude=/usr/share/info/*' \
  --dpkgopt='path-exclude=/usr/share/locale/*' \
  --include="$packages" \
  --customize-hook='rm -rf "$1"/var/lib/apt/lists/* "$1"/var/cache/apt/*.bin "$1"/var/log/*.log' \
  bookworm "$work/rootfs.tar" \
  "deb $mirror/debian bookworm main" \
  "deb $mirror/debian bookworm-updates main" \
  "deb $mirror/debian-security bookworm-security main"
# Without ENV PATH an imported image finds no sh; LANG for Python's UTF-8 I/O.
podman import \
  --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
  --change 'ENV LANG=C.UTF-8' \
  --change "LABEL $label=$inputs" \
  --change 'CMD ["/bin/bash"]' \
  "$work/rootfs.tar" "$tag" >/dev/null
echo "base image $tag built in $(( $(date +%s) - started )) s (inputs $inputs)"
