#!/usr/bin/env bash
# Builds the hub and broker images from the repository root, after ./mvnw package (the hub jar and the unpacked
# Artemis distribution must be there):
#
#   docker/build-images.sh                 # on the public Java runtime image (eclipse-temurin:17-jre)
#   docker/build-images.sh --local-base    # where no registry is reachable: a Debian bookworm made here with
#                                          # debootstrap, plus Debian's Java 17 runtime (needs root and debootstrap)
#   docker/build-images.sh --base-only     # only those two base images (local/debian:bookworm, local/jre:17):
#                                          # what the container tests build the project's images on
#
# Tags: syndesmos/hub:<version> and syndesmos/artemis:2.44.0, each image built once.
set -euo pipefail
cd "$(dirname "$0")/.."
version=$(sed -n 's:.*<version>\(.*-SNAPSHOT\|[0-9.]*\)</version>.*:\1:p' routes/pom.xml | head -n 1)
build_args=()
if [[ ${1:-} == --local-base || ${1:-} == --base-only ]]; then
    if ! docker image inspect local/debian:bookworm >/dev/null 2>&1; then
        rootfs=$(mktemp -d)
        debootstrap --variant=minbase --include=ca-certificates bookworm "$rootfs" >/dev/null
        tar -C "$rootfs" -c . | docker import - local/debian:bookworm >/dev/null
        rm -rf "$rootfs"
    fi
    if ! docker image inspect local/jre:17 >/dev/null 2>&1; then
        docker build -q -t local/jre:17 - >/dev/null <<'DOCKERFILE'
FROM local/debian:bookworm
RUN apt-get update && apt-get install -y --no-install-recommends openjdk-17-jre-headless \
    && rm -rf /var/lib/apt/lists/*
DOCKERFILE
    fi
    build_args=(--build-arg BASE_IMAGE=local/jre:17)
    if [[ $1 == --base-only ]]; then
        echo "Base images: local/debian:bookworm, local/jre:17"
        exit 0
    fi
fi
[[ -f routes/target/syndesmos-hub.jar ]] || { echo "Build the hub first: ./mvnw package -DskipTests" >&2; exit 1; }
[[ -d tests/target/artemis/apache-artemis-2.44.0 ]] \
    || { echo "The Artemis distribution is unpacked by ./mvnw package (module tests)" >&2; exit 1; }
docker build -q "${build_args[@]}" -f docker/hub/Dockerfile -t "syndesmos/hub:$version" . >/dev/null
docker build -q "${build_args[@]}" -f docker/artemis/Dockerfile -t syndesmos/artemis:2.44.0 . >/dev/null
echo "Built syndesmos/hub:$version and syndesmos/artemis:2.44.0"
