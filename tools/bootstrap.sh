#!/usr/bin/env bash
# Installs what CallScript Studio needs on a Debian/Ubuntu machine, only what is missing:
# system packages through apt (as root, or with sudo), Python packages into ./.venv.
# Usage: tools/bootstrap.sh [--test]     (--test adds the test tools and the audio test set-up)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
want_test=0
[ "${1:-}" = "--test" ] && want_test=1

# Qt offscreen + multimedia, a CJK font, TTS, audio conversion (see docs/SETUP.md for why each is here).
apt_pkgs=(libglib2.0-0 libegl1 libgl1 libfontconfig1 libdbus-1-3 libxkbcommon0 libxkbcommon-x11-0
          libpulse0 libxrandr2 fonts-wqy-microhei espeak-ng ffmpeg
          libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-render-util0
          libxcb-render0 libxcb-shape0 libxcb-util1 libxcb-xkb1 libxcb-xinerama0)
[ $want_test = 1 ] && apt_pkgs+=(pulseaudio)

py="${PYTHON:-python3}"
if ! command -v "$py" >/dev/null 2>&1; then apt_pkgs+=(python3 python3-venv); py=python3
elif ! "$py" -c 'import venv, ensurepip' >/dev/null 2>&1; then apt_pkgs+=(python3-venv); fi

missing=()
if command -v dpkg-query >/dev/null 2>&1; then
  for p in "${apt_pkgs[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
fi
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then sudo_cmd=()
  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then sudo_cmd=(sudo)
  else
    echo "CallScript Studio needs these system packages. Please run:" >&2
    echo "  sudo apt-get update && sudo apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
  echo "Installing system packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  "${sudo_cmd[@]}" apt-get update -qq
  "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

"$py" -c 'import sys; sys.exit(sys.version_info < (3, 11))' || {
  echo "CallScript Studio needs Python 3.11 or newer; $("$py" --version) found." >&2; exit 1; }

# Python packages: reinstall only when pyproject.toml changed since the last install.
[ -x .venv/bin/python ] || "$py" -m venv .venv
extras="gui"; [ $want_test = 1 ] && extras="gui,test"
stamp=".venv/.installed-$(sha256sum pyproject.toml | cut -c1-16)-$extras"
if [ ! -f "$stamp" ]; then
  echo "Installing Python packages into .venv ($extras) ..."
  .venv/bin/python -m pip install -q --disable-pip-version-check --upgrade pip
  .venv/bin/python -m pip install -q --disable-pip-version-check -e ".[$extras]"
  rm -f .venv/.installed-*; touch "$stamp"
fi
