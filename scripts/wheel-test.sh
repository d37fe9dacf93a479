#!/usr/bin/env bash
# Build the wheel, install it into a fresh venv outside the checkout, and use it from elsewhere:
# the knowledge and the migrations must come from inside the installed package, not the repo.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}

WORK=$(mktemp -d /tmp/studybot-wheel-test.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
log() { printf '\n== %s\n' "$*"; }

log "building the wheel"
"$PYTHON" -m pip wheel --quiet --no-deps --wheel-dir "$WORK/dist" .
wheel=$(ls "$WORK"/dist/studybot-*.whl)
listing=$("$PYTHON" -m zipfile -l "$wheel")
for shipped in bot/_data/knowledge/topics/fargate.yaml bot/_data/migrations/env.py; do
    grep -q "$shipped" <<<"$listing" \
        || { echo "wheel-test: $shipped is not in $(basename "$wheel")" >&2; exit 1; }
done

log "installing $(basename "$wheel") into a fresh venv"
"$PYTHON" -m venv "$WORK/venv"
"$WORK/venv/bin/pip" install --quiet --disable-pip-version-check "$wheel"

# From an empty folder, so nothing can be found by accident in a checkout.
mkdir "$WORK/elsewhere" && cd "$WORK/elsewhere"
export DATABASE_URL="sqlite:///$WORK/elsewhere/studybot.db"
studybot() { env -u PYTHONPATH "$WORK/venv/bin/studybot" "$@"; }

log "studybot kb check"
studybot kb check

log 'studybot ask "what is fargate"'
out=$(studybot ask "what is fargate")
echo "$out" | head -3
grep -qi "fargate" <<<"$out" || { echo "wheel-test: the answer does not mention Fargate" >&2; exit 1; }

log "studybot db upgrade (temporary SQLite file)"
studybot db upgrade
[ -s "$WORK/elsewhere/studybot.db" ] || { echo "wheel-test: no database written" >&2; exit 1; }

log "studybot chat (one message)"
printf 'what is lambda\n' | studybot chat | grep -i lambda | head -1 \
    || { echo "wheel-test: chat did not answer" >&2; exit 1; }

log "the installed package, not the checkout, served all of it"
"$WORK/venv/bin/python" -c 'import bot.shipped as s; print(s.shipped_dir("knowledge"), s.shipped_dir("migrations"))' \
    | grep "site-packages/bot/_data/knowledge .*site-packages/bot/_data/migrations" \
    || { echo "wheel-test: data not found inside the installed package" >&2; exit 1; }
log "wheel test passed"
