# The action's image. GitHub builds it from this file for `uses: owner/repo@v1`; locally:
#   docker build -t starlette-2093-check .
# BASE_IMAGE may point at any image with Python 3.11+ at /usr/local/bin/python.
ARG BASE_IMAGE=python:3.12-slim
FROM ${BASE_IMAGE}

ENV PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1

# Only hash-pinned wheels from the lock (uv among them, for the sandbox): nothing is compiled, so
# no build toolchain is ever installed, and nothing is left in a cache. pip itself is the base
# image's (the lock leaves it out: pip-audit's pip-api only needs one to be there), so the image
# does not carry two copies of it.
COPY requirements.lock /app/requirements.lock
RUN python -m pip install --quiet --root-user-action=ignore --require-hashes --only-binary :all: \
        --no-compile -r /app/requirements.lock \
    && uv --version \
    && rm -rf /root/.cache

# Bytecode for the package, and for the modules of its dependencies that it imports; none for what
# it never imports (scripts/bytecode.py says why).
COPY entrypoint.py /app/entrypoint.py
COPY scripts/bytecode.py /app/scripts/bytecode.py
COPY starlette_2093_check /app/starlette_2093_check
RUN python -m compileall -q /app/starlette_2093_check \
    && python /app/scripts/bytecode.py /app/starlette_2093_check

# GitHub runs the container with --workdir /github/workspace and passes no arguments: action mode.
# `docker run IMAGE scan PATH ...` is the local CLI.
ENTRYPOINT ["python", "/app/entrypoint.py"]
