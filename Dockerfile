# syntax=docker/dockerfile:1
# The modd image: `modd` (API, workers, `modd healthcheck`) and `modctl`
# (migrations, keys, verify) on Debian bookworm-slim, as UID/GID 10001.
#
#   docker build -t modd .                                # without the image model
#   python3 tools/export-models/image.py install          # puts data/models/open-nsfw.onnx
#   docker build --build-arg WITH_IMAGE_MODEL=true -t modd .
#
# The root filesystem can be read-only: everything the daemon writes goes to
# /data (MODD_DATA_DIR, the SQLite default and the generated development key),
# a volume. The model is read from MODD_IMAGE_MODEL_PATH. Operating guide:
# docs/src/operating/run-with-compose.md.

ARG RUST_VERSION=1.95

FROM docker.io/library/rust:${RUST_VERSION}-slim-bookworm AS build
SHELL ["/bin/bash", "-o", "pipefail", "-c"]
WORKDIR /src
COPY . .
# The cache mounts keep crates and compiled dependencies between builds on
# one machine; the binaries are copied out of the cached target in the same
# step, so the stage's output never depends on the cache. The binaries embed
# third-party models and word lists; their licences and notices go with them.
RUN --mount=type=cache,target=/usr/local/cargo/registry \
    --mount=type=cache,target=/src/target \
    cargo build --release --locked -p modd -p modctl \
 && install -D -m 0755 target/release/modd /out/usr/local/bin/modd \
 && install -D -m 0755 target/release/modctl /out/usr/local/bin/modctl \
 && install -d -m 0755 /out/usr/share/modd/models /out/usr/share/doc/modd \
 && cp -r daemon/models/LICENSES /out/usr/share/doc/modd/licenses \
 && install -d -m 0700 /out/data
# The open_nsfw model is optional (without it images go to review). With
# WITH_IMAGE_MODEL=true the file installed by tools/export-models/image.py
# must have the pinned sha256 (the daemon's images::model::MODEL_SHA256; a
# test keeps the two equal) or the build fails.
ARG WITH_IMAGE_MODEL=false
ARG IMAGE_MODEL_SHA256=864bb37bf8863564b87eb330ab8c785a79a773f4e7c43cb96db52ed8611305fa
RUN if [ "$WITH_IMAGE_MODEL" = true ]; then \
      echo "$IMAGE_MODEL_SHA256  data/models/open-nsfw.onnx" | sha256sum --check --strict - \
      && install -m 0444 data/models/open-nsfw.onnx /out/usr/share/modd/models/open-nsfw.onnx; \
    fi

FROM docker.io/library/debian:bookworm-slim
ARG VERSION=0.1.0
LABEL org.opencontainers.image.title="modd" \
      org.opencontainers.image.description="Content-moderation daemon (modd) and its operator CLI (modctl)" \
      org.opencontainers.image.source="https://example.invalid/modd" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.licenses="MIT"
# No RUN in this stage: the runtime needs only glibc, and a fixed numeric
# UID needs no passwd entry. /data is owned by it so a fresh volume is writable.
COPY --from=build /out/usr/ /usr/
COPY --from=build --chown=10001:10001 /out/data/ /data/
# MODD_BIND listens on every interface in the image only; a bare binary
# keeps the loopback default.
ENV MODD_BIND=0.0.0.0:8000 \
    MODD_WORKER_BIND=0.0.0.0:8001 \
    MODD_DATA_DIR=/data \
    DATABASE_URL=sqlite:///data/modd.db \
    MODD_IMAGE_MODEL_PATH=/usr/share/modd/models/open-nsfw.onnx
VOLUME ["/data"]
WORKDIR /data
USER 10001:10001
EXPOSE 8000 8001
STOPSIGNAL SIGTERM
# `modd healthcheck` asks /ready on MODD_BIND; a `modd worker` container
# overrides it with --url http://127.0.0.1:8001/ready.
HEALTHCHECK --interval=10s --timeout=6s --start-period=30s --retries=3 \
  CMD ["modd", "healthcheck"]
ENTRYPOINT ["modd"]
CMD ["serve"]
