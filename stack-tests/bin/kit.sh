#!/usr/bin/env bash
# The kit for a room without network: every image docker-compose.yml runs, at its pinned tag,
# for one architecture, in one `docker save` archive, and a manifest beside it (each image's
# reference, ID and size, and the archive's sha256). docs/facilitator.md says how to use it.
#
#   kit.sh save [ARCH]       make kit: kit/images-linux-ARCH.tar and .manifest (ARCH amd64 or
#                            arm64, default Docker's own)
#   kit.sh load [MANIFEST]   make kit-load: check the archive against the manifest, then load it
#
# The parts below need no Docker; KitTest runs them on recorded Docker CLI output:
#   kit.sh images                          the images to save: `docker compose config --images` on stdin
#   kit.sh manifest ARCH ARCHIVE           the manifest: "REFERENCE ID SIZE" lines on stdin
#   kit.sh verify MANIFEST                 exit 0 when the archive's sha256 is the manifest's
#   kit.sh missing IMAGES LOCAL [MANIFEST] make doctor's verdict: which of IMAGES (one a line)
#                                          LOCAL (`docker image ls` REPOSITORY:TAG lines) lacks,
#                                          and whether the kit at MANIFEST has them all
set -euo pipefail
cd "$(dirname "$0")/../.."
export LC_ALL=C # sort in byte order, the same on every laptop

die() { echo "kit: $*" >&2; exit 1; }

# sha256sum (Linux, WSL) or shasum (macOS).
sha256() {
  if command -v sha256sum >/dev/null; then sha256sum "$1"; else shasum -a 256 "$1"; fi | cut -d' ' -f1
}

# One line per image, each once (compose lists an image once per service), every one pinned.
images() {
  local list
  list=$(grep -v '^[[:space:]]*$' | sort -u) || true
  [ -n "$list" ] || die "docker compose config --images listed no image"
  while read -r image; do
    case "${image##*/}" in
      *:latest) die "$image is not pinned: the kit would hold whatever latest was that day" ;;
      *:*) ;;
      *) die "$image has no tag" ;;
    esac
  done <<<"$list"
  echo "$list"
}

manifest() {
  local arch=$1 archive=$2 ref id size
  echo "# The workshop's images for linux/$arch: docker save of every image docker-compose.yml runs."
  echo "# make kit-load checks the archive's sha256 below, then loads it. Fields: reference, ID, bytes."
  echo "platform linux/$arch"
  while read -r ref id size; do
    [ -n "$ref" ] || continue
    case "$id" in sha256:*) ;; *) die "no image ID for $ref (docker image inspect said: $id)" ;; esac
    case "$size" in '' | *[!0-9]*) die "no size for $ref (docker image inspect said: $size)" ;; esac
    echo "image $ref $id $size"
  done
  echo "sha256 $(sha256 "$archive") $(basename "$archive")"
}

# The archive a manifest names, beside the manifest.
archive_of() { echo "$(dirname "$1")/$(awk '$1 == "sha256" { print $3 }' "$1")"; }

verify() {
  local manifest=$1 want archive got
  [ -f "$manifest" ] || die "no manifest at $manifest: make kit writes one (docs/facilitator.md)"
  want=$(awk '$1 == "sha256" { print $2 }' "$manifest")
  [ -n "$want" ] || die "$manifest has no sha256 line: it is not a whole manifest"
  archive=$(archive_of "$manifest")
  [ -f "$archive" ] || die "$archive is missing: copy it beside $manifest"
  got=$(sha256 "$archive")
  if [ "$got" != "$want" ]; then
    die "$archive is damaged or incomplete: its sha256 is $got, the manifest says $want; copy it again"
  fi
  echo "kit: $archive matches its manifest (sha256 $want)"
}

missing() {
  local stack=$1 local_images=$2 manifest=${3:-} image count=0 in_kit=1
  while read -r image; do
    [ -n "$image" ] || continue
    grep -qxF -- "$image" <<<"$local_images" && continue
    echo "missing $image"
    count=$((count + 1))
    if [ -z "$manifest" ] || [ ! -f "$manifest" ] \
      || ! awk -v i="$image" '$1 == "image" && $2 == i { found = 1 } END { exit !found }' "$manifest"; then
      in_kit=0
    fi
  done < <(sort -u <<<"$stack")
  if [ "$count" = 0 ]; then echo none; elif [ "$in_kit" = 1 ]; then echo "fix kit-load"; else echo "fix pull"; fi
}

# Docker's architecture, in the names images use.
host_arch() {
  case "$(docker info --format '{{.Architecture}}' 2>/dev/null || uname -m)" in
    x86_64 | amd64) echo amd64 ;;
    aarch64 | arm64) echo arm64 ;;
    *) die "this machine is neither amd64 nor arm64: give ARCH=amd64 or ARCH=arm64" ;;
  esac
}

save() {
  local arch=${1:-$(host_arch)} host list image base platform=""
  case "$arch" in amd64 | arm64) ;; *) die "ARCH=$arch: the stack's images exist for amd64 and arm64" ;; esac
  host=$(host_arch)
  # Another architecture than Docker's own: docker save --platform needs Docker 28 (API 1.48).
  [ "$arch" = "$host" ] || platform="--platform=linux/$arch"
  list=$(docker compose config --images | images)
  mkdir -p kit
  base="kit/images-linux-$arch"
  while read -r image; do
    echo "kit: pulling $image for linux/$arch" >&2
    if ! docker pull --quiet --platform "linux/$arch" "$image" >/dev/null; then
      # The receiver before its first release, or a fork's: the one `make up` built here.
      [ "$arch" = "$host" ] && docker image inspect "$image" >/dev/null 2>&1 \
        || die "cannot pull $image for linux/$arch, and this laptop has none to take"
      echo "kit: $image cannot be pulled; taking the one on this laptop (built by make up)" >&2
    fi
  done <<<"$list"
  echo "kit: saving $(wc -l <<<"$list" | tr -d ' ') images into $base.tar" >&2
  # shellcheck disable=SC2086 # one image a word, and no --platform for Docker's own
  docker save $platform -o "$base.tar.partial" $list
  mv "$base.tar.partial" "$base.tar"
  while read -r image; do
    echo "$image $(docker image inspect --format '{{.Id}} {{.Size}}' "$image")"
  done <<<"$list" | manifest "$arch" "$base.tar" >"$base.manifest"
  echo "kit: wrote $base.tar and $base.manifest: copy both (docs/facilitator.md)"
}

load() {
  local manifest=${1:-kit/images-linux-$(host_arch).manifest} image count=0
  verify "$manifest"
  docker load -i "$(archive_of "$manifest")"
  while read -r image; do
    docker image inspect "$image" >/dev/null 2>&1 || die "$image is not on this laptop after loading the kit"
    count=$((count + 1))
  done < <(awk '$1 == "image" { print $2 }' "$manifest")
  echo "kit: $count images loaded; make up now starts with no network"
}

command=${1:-}
shift || true
case "$command" in
  save) save "$@" ;;
  load) load "$@" ;;
  images) images ;;
  manifest) manifest "$@" ;;
  verify) verify "$@" ;;
  missing) missing "$@" ;;
  *) die "usage: kit.sh save [ARCH] | load [MANIFEST] | images | manifest ARCH ARCHIVE | verify MANIFEST | missing IMAGES LOCAL [MANIFEST]" ;;
esac
