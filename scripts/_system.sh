# Shared by scripts/run and scripts/test (after scripts/_venv.sh): Debian packages the tests
# use (CI starts bare) and the project's compiled bytecode.
# Usage: . scripts/_system.sh; ensure_debian_packages CMD:PACKAGE ...; compile_bytecode
ensure_debian_packages() {
    local missing=()
    for pair in "$@"; do
        command -v "${pair%%:*}" >/dev/null 2>&1 || missing+=("${pair#*:}")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    local sudo=""
    if [ "$(id -u)" -ne 0 ]; then
        if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
            sudo="sudo -n"
        else
            echo "scripts: please install: ${missing[*]} (apt-get install ${missing[*]})" >&2
            return 0
        fi
    fi
    if ! command -v apt-get >/dev/null 2>&1; then
        echo "scripts: no apt-get here; please install: ${missing[*]}" >&2
        return 0
    fi
    echo "scripts: installing Debian packages: ${missing[*]}" >&2
    $sudo apt-get update -qq >/dev/null || echo "scripts: apt-get update failed" >&2
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends \
        "${missing[@]}" >/dev/null || echo "scripts: could not install ${missing[*]}" >&2
}

# Compile the project's own modules to __pycache__/*.pyc, as pip does for every dependency.
# An editable install never gets them otherwise (and PYTHONDONTWRITEBYTECODE or a read-only
# /opt under the systemd unit keep Python from writing them), so every start would compile
# our sources again. checked-hash: each .pyc records a hash of its source and Python checks
# it on import, so an edited source (even within the same second at the same size, which a
# timestamp .pyc would miss) is compiled afresh instead of the stale .pyc being used.
compile_bytecode() {
    "$VENV/bin/python" -m compileall -q --invalidation-mode checked-hash \
        "$ROOT/kiosk" "$ROOT/ui" "$ROOT/printers" "$ROOT/sync" ||
        echo "scripts: could not compile the bytecode (the kiosk only starts slower)" >&2
}
