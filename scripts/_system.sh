# Debian packages the tests use, installed by the project's own scripts (CI starts bare).
# Usage: . scripts/_system.sh; ensure_debian_packages CMD:PACKAGE ...
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
