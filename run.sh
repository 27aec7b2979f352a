#!/usr/bin/env bash
# Installs what is missing, then opens the designer (on a sample script when no file is given).
#   ./run.sh [FILE]                      open the designer
#   ./run.sh --screenshot shot.png FILE  render the window to a PNG without a display
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
tools/bootstrap.sh
if [ "${1:-}" != "--screenshot" ] && [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ] \
   && [ "$(uname)" = "Linux" ]; then
  echo "No display found, so the designer window cannot open here." >&2
  echo "  Render it to a picture:  ./run.sh --screenshot shot.png scripts_library/property_followup/script.yaml" >&2
  echo "  Talk to a sample script: .venv/bin/callscript chat scripts_library/property_followup/script.yaml" >&2
  exit 1
fi
exec .venv/bin/python main.py "$@"
