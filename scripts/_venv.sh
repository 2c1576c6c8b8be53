# Shared by scripts/run and scripts/test: make .venv with Python >= 3.11 and install into it.
# Usage: . scripts/_venv.sh; ensure_venv "<pip extras spec>"
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="${KIOSK_VENV:-$ROOT/.venv}"

find_python() {
    for candidate in "${PYTHON:-}" python3.13 python3.12 python3.11 python3; do
        [ -n "$candidate" ] || continue
        if command -v "$candidate" >/dev/null 2>&1 &&
           "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
            echo "$candidate"
            return 0
        fi
    done
    echo "scripts: Python 3.11 or newer is needed (install python3 and python3-venv)." >&2
    return 1
}

ensure_venv() {
    local spec="$1"
    if [ ! -x "$VENV/bin/python" ]; then
        local python
        python="$(find_python)"
        echo "scripts: creating $VENV with $python" >&2
        "$python" -m venv "$VENV" || {
            echo "scripts: 'python3 -m venv' failed; on Debian/Ubuntu run: sudo apt install python3-venv" >&2
            return 1
        }
        "$VENV/bin/python" -m pip install --quiet --upgrade pip
    fi
    echo "scripts: installing $spec into $VENV" >&2
    "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -e "$ROOT$spec"
}
