# studybot: one process serving Slack, Discord (or both) with the daily quiz.
#   docker build -t studybot .   &&   docker run --env-file .env -v studybot-data:/data studybot
# BASE_IMAGE lets a build use a locally made Python base when the registry is out of reach
# (scripts/image-test.sh does, with a debootstrap'd Debian); users get the official slim image.
ARG BASE_IMAGE=python:3.12-slim

# Stage 1: build the wheel. knowledge/ and migrations/ go inside it (setup.py), so the image
# installs exactly what `pip install studybot-*.whl` installs anywhere else.
FROM ${BASE_IMAGE} AS wheel
ARG PIP_CERT
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_CACHE_DIR=1
WORKDIR /src
RUN python3 -m venv /opt/build && /opt/build/bin/pip install "setuptools>=69" wheel
COPY pyproject.toml setup.py MANIFEST.in README.md ./
COPY bot/ bot/
COPY knowledge/ knowledge/
COPY migrations/ migrations/
RUN /opt/build/bin/pip wheel --no-deps --no-build-isolation --wheel-dir /dist .

# Stage 2: the bot.
FROM ${BASE_IMAGE}

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1 \
    PATH=/opt/venv/bin:$PATH

RUN useradd --system --create-home --home-dir /home/app --shell /usr/sbin/nologin app \
    && mkdir -p /data \
    && chown app:app /data \
    && python3 -m venv /opt/venv

# Behind a TLS-intercepting proxy, pass the proxy's CA bundle: --build-arg PIP_CERT=/path (mounted).
ARG PIP_CERT

WORKDIR /app

# Dependencies first, from pyproject.toml alone, so editing the source reuses this layer.
COPY pyproject.toml ./
RUN python3 -c "import tomllib; print('\n'.join(tomllib.load(open('pyproject.toml', 'rb'))['project']['dependencies']))" > /tmp/requirements.txt \
    && pip install -r /tmp/requirements.txt \
    && rm /tmp/requirements.txt pyproject.toml

# The built wheel: the package with its knowledge files and migrations inside, no source tree.
COPY --from=wheel /dist/ /tmp/dist/
RUN pip install --no-deps /tmp/dist/studybot-*.whl \
    && rm -rf /tmp/dist \
    && studybot kb check

USER app
ENV DATABASE_URL=sqlite:////data/studybot.db \
    HOST=0.0.0.0 \
    PORT=3000
VOLUME ["/data"]
EXPOSE 3000

# --quick: settings, database, migration state and knowledge; no calls to Slack or Discord.
HEALTHCHECK --interval=30s --timeout=10s --start-period=30s --retries=3 \
    CMD ["studybot", "doctor", "--quick"]

# The bot applies the database migrations itself at start, then serves every configured platform.
ENTRYPOINT ["studybot"]
CMD ["run"]
