#!/usr/bin/env bash
# Build the Linux one-folder app: dist/chiso-desktop/{chiso-desktop,chiso,_internal/}.
#
#   bash packaging/build-linux.sh            # build (PyInstaller caches in build/pyinstaller)
#   bash packaging/build-linux.sh --reuse    # keep dist/ if it is newer than every source file
#   bash packaging/build-linux.sh --deps-only  # only make sure the build's dependencies are there
#
# Python: $CHISO_BUILD_PYTHON if set, else the project's .venv (made by
# `bash .ci/setup`), else a fresh venv in build/venv. Whenever that environment
# lacks a dependency of the app or PyInstaller, the app is installed into it
# with pip (editable, with the `build` extra).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$(pwd)"
DIST="$ROOT/dist/chiso-desktop"
STAMP="$ROOT/build/chiso-build.stamp"

reuse=0
deps_only=0
for arg in "$@"; do
  case "$arg" in
    --reuse) reuse=1 ;;
    --deps-only) deps_only=1 ;;
    -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
    *) echo "unknown option: $arg" >&2; exit 2 ;;
  esac
done

# Everything that ends up in the build, minus caches the tests write while running.
sources_newer_than() {
  find chiso_desktop resources ui i18n packaging pyproject.toml \
    \( -name __pycache__ -o -name '*.pyc' -o -name '*.mo' \) -prune -o \
    -type f -newer "$1" -print -quit 2>/dev/null
}

# One build at a time in this tree (parallel test runs would race on dist/);
# a run that waited here then finds a fresh dist/ and, with --reuse, keeps it.
mkdir -p build
if command -v flock >/dev/null 2>&1; then
  exec 9>"$ROOT/build/chiso-build.lock"
  flock 9
fi

if [ "$reuse" = 1 ] && [ -x "$DIST/chiso" ] && [ -f "$STAMP" ] && [ -z "$(sources_newer_than "$STAMP")" ]; then
  echo "dist/chiso-desktop is newer than every source file: reusing it"
  exit 0
fi

if [ -n "${CHISO_BUILD_PYTHON:-}" ]; then
  PY="$CHISO_BUILD_PYTHON"
elif [ -x .venv/bin/python ]; then
  PY="$ROOT/.venv/bin/python"
else
  if [ ! -x build/venv/bin/python ]; then
    BASE=""
    for cand in python3.13 python3.12 python3; do
      if command -v "$cand" >/dev/null 2>&1 && "$cand" -c 'import sys; assert sys.version_info >= (3, 11)' 2>/dev/null; then
        BASE="$cand"; break
      fi
    done
    [ -n "$BASE" ] || { echo "Python 3.11 or newer is needed" >&2; exit 1; }
    mkdir -p build
    "$BASE" -m venv build/venv
    build/venv/bin/python -m pip install -q --upgrade pip
  fi
  PY="$ROOT/build/venv/bin/python"
fi

# What the build imports. Checked from outside the source tree: there, `import
# chiso_desktop` succeeds from the checkout itself whether or not anything is
# installed, so it says nothing about babel, Qt & co.
DEPS_CHECK='
import importlib.util, sys
names = ["alembic", "babel", "cryptography", "openpyxl", "platformdirs", "PySide6.QtWidgets",
         "PySide6.QtCharts", "reportlab", "sqlalchemy", "PyInstaller"]
def absent(name):
    try:
        return importlib.util.find_spec(name) is None
    except ImportError:
        return True
missing = [n for n in names if absent(n)]
sys.exit("missing: " + ", ".join(missing) if missing else 0)'
deps_present() { (cd / && "$PY" -c "$DEPS_CHECK") >/dev/null 2>&1; }
if ! deps_present; then
  echo "installing the app's dependencies and PyInstaller into $("$PY" -c 'import sys; print(sys.prefix)')"
  "$PY" -m pip install -q -e "$ROOT[build]"
  deps_present || { echo "build failed: the dependencies are still missing after pip install" >&2
                    (cd / && "$PY" -c "$DEPS_CHECK") >&2 || true; exit 1; }
fi
if [ "$deps_only" = 1 ]; then
  echo "dependencies present in $("$PY" -c 'import sys; print(sys.prefix)')"
  exit 0
fi

start=$(date +%s)
rm -f "$STAMP"
mkdir -p build
touch "$STAMP.new"   # sources changed during the build must count as newer
if ! "$PY" -m PyInstaller --noconfirm --log-level WARN \
    --distpath "$ROOT/dist" --workpath "$ROOT/build/pyinstaller" packaging/chiso.spec; then
  echo "build failed: PyInstaller exited with an error" >&2; exit 1
fi
[ -x "$DIST/chiso" ] || { echo "build failed: $DIST/chiso is missing" >&2; exit 1; }
# Make the folder self-contained for a USB stick: the user installer and its files.
cp packaging/linux/install-user.sh packaging/linux/chiso-desktop.desktop \
  packaging/linux/chiso-mime.xml "$DIST/"
mv "$STAMP.new" "$STAMP"
end=$(date +%s)

echo "built $DIST in $((end - start)) s, $(du -sh "$DIST" | cut -f1)"
if [ -x "$DIST/chiso-desktop" ]; then
  echo "executables: chiso-desktop, chiso"
else
  echo "executables: chiso (chiso_desktop/gui/app.py does not exist yet, so no chiso-desktop)"
fi
