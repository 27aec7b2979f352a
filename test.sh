#!/usr/bin/env bash
# Installs what is missing (system packages, .venv with test tools), then runs the whole suite.
# Extra arguments go to pytest, e.g. ./test.sh tests/core -k engine
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
tools/bootstrap.sh --test
export QT_QPA_PLATFORM=offscreen
export CALLSCRIPT_CACHE_DIR="${CALLSCRIPT_CACHE_DIR:-$PWD/.venv/tts-cache}"
exec .venv/bin/python -m pytest -p no:cacheprovider -n 2 --dist loadfile "$@"
