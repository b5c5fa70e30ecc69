# The action's image. GitHub builds it from this file for `uses: owner/repo@v1`; locally:
#   docker build -t starlette-2093-check .
# BASE_IMAGE may point at any image with Python 3.11+ at /usr/local/bin/python.
ARG BASE_IMAGE=python:3.12-slim
FROM ${BASE_IMAGE}

ENV PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1

# Only hash-pinned wheels from the lock (uv among them, for the sandbox): nothing is compiled, so
# no build toolchain is ever installed, and nothing is left in a cache.
COPY requirements.lock /app/requirements.lock
RUN python -m pip install --quiet --root-user-action=ignore --require-hashes --only-binary :all: \
        -r /app/requirements.lock \
    && uv --version \
    && rm -rf /root/.cache

COPY entrypoint.py /app/entrypoint.py
COPY starlette_2093_check /app/starlette_2093_check
RUN python -m compileall -q /app/starlette_2093_check

# GitHub runs the container with --workdir /github/workspace and passes no arguments: action mode.
# `docker run IMAGE scan PATH ...` is the local CLI.
ENTRYPOINT ["python", "/app/entrypoint.py"]
