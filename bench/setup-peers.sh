#!/usr/bin/env bash
# Create (or reuse) the Python venv with the pinned peer toolkits used by
# bench/peers.py and bench/peers_outputs.py.  Idempotent.
#
#   bench/setup-peers.sh            # venv at <repo>/.venv-peers (gitignored)
#   VENV=/some/where bench/setup-peers.sh
#   PYTHON=/path/to/python3.12 bench/setup-peers.sh
#
# hazm 0.12.1 requires Python 3.12.  parsivar is optional: if it cannot be
# installed the script warns and the benchmark skips it.
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="${VENV:-$REPO/.venv-peers}"
HAZM_VERSION=0.12.1
RISHE_VERSION=0.5.1
PARSIVAR_VERSION=0.2.3.1

die() { echo "setup-peers: ERROR: $*" >&2; exit 1; }

# Pick a Python 3.12 interpreter.
if [[ -z "${PYTHON:-}" ]]; then
    for cand in /root/.pyenv/versions/3.12.*/bin/python "$HOME"/.pyenv/versions/3.12.*/bin/python python3.12; do
        if command -v "$cand" >/dev/null 2>&1; then PYTHON="$cand"; break; fi
    done
fi
[[ -n "${PYTHON:-}" ]] || die "no Python 3.12 found (hazm==$HAZM_VERSION needs 3.12); set PYTHON=/path/to/python3.12"
ver="$("$PYTHON" -c 'import sys; print("%d.%d" % sys.version_info[:2])')" \
    || die "cannot run $PYTHON"
[[ "$ver" == "3.12" ]] || die "$PYTHON is Python $ver; hazm==$HAZM_VERSION needs 3.12 (set PYTHON=...)"

if [[ -x "$VENV/bin/python" ]]; then
    vver="$("$VENV/bin/python" -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null || true)"
    [[ "$vver" == "3.12" ]] || die "$VENV exists but is Python '${vver:-broken}'; remove it and rerun"
else
    echo "setup-peers: creating venv $VENV with $PYTHON"
    "$PYTHON" -m venv "$VENV" || die "python -m venv failed"
fi
PIP=("$VENV/bin/python" -m pip --disable-pip-version-check)

installed() {  # installed <dist> <version>
    "$VENV/bin/python" - "$1" "$2" <<'EOF' 2>/dev/null
import importlib.metadata as m, sys
sys.exit(0 if m.version(sys.argv[1]) == sys.argv[2] else 1)
EOF
}

for spec in "hazm==$HAZM_VERSION" "rishe==$RISHE_VERSION"; do
    if installed "${spec%%==*}" "${spec##*==}"; then
        echo "setup-peers: $spec already installed"
    else
        echo "setup-peers: installing $spec"
        "${PIP[@]}" install -q "$spec" || die "pip install $spec failed (is PyPI reachable?)"
    fi
done

if installed parsivar "$PARSIVAR_VERSION"; then
    echo "setup-peers: parsivar==$PARSIVAR_VERSION already installed"
elif "${PIP[@]}" install -q "parsivar==$PARSIVAR_VERSION"; then
    echo "setup-peers: installed parsivar==$PARSIVAR_VERSION"
else
    echo "setup-peers: WARNING: parsivar==$PARSIVAR_VERSION failed to install; it will be skipped" >&2
fi

"$VENV/bin/python" -c 'import hazm, rishe' || die "hazm/rishe installed but do not import"
echo "setup-peers: OK -> $VENV/bin/python $REPO/bench/peers.py"
