#!/usr/bin/env bash
# Install the Chỉ số Desktop one-folder build for the current user, no root:
#   app        -> ~/.local/lib/chiso-desktop/      (replaced on upgrade)
#   commands   -> ~/.local/bin/chiso-desktop, ~/.local/bin/chiso (symlinks)
#   menu entry -> ~/.local/share/applications/chiso-desktop.desktop
#   .chiso     -> ~/.local/share/mime/packages/chiso-mime.xml (application/x-chiso-bundle)
#   icon       -> ~/.local/share/icons/hicolor/{256x256,scalable}/apps/chiso-desktop.*
#
#   bash install-user.sh [BUILD_FOLDER]     # default: the folder this script is in, if it
#                                           # holds the build, else <repo>/dist/chiso-desktop
#   bash install-user.sh --uninstall
#
# The user's data (~/.local/share/chiso-desktop: database, keys, backups) is
# never touched, neither by an upgrade nor by --uninstall.
set -euo pipefail
SELF_DIR="$(cd "$(dirname "$0")" && pwd)"
DATA_HOME="${XDG_DATA_HOME:-$HOME/.local/share}"
APP_DIR="$HOME/.local/lib/chiso-desktop"
BIN_DIR="$HOME/.local/bin"
DESKTOP_FILE="$DATA_HOME/applications/chiso-desktop.desktop"
MIME_FILE="$DATA_HOME/mime/packages/chiso-mime.xml"
ICON_PNG="$DATA_HOME/icons/hicolor/256x256/apps/chiso-desktop.png"
ICON_SVG="$DATA_HOME/icons/hicolor/scalable/apps/chiso-desktop.svg"

refresh_caches() {
  if command -v update-mime-database >/dev/null 2>&1; then
    update-mime-database "$DATA_HOME/mime" >/dev/null 2>&1 || true
  fi
  if command -v update-desktop-database >/dev/null 2>&1; then
    update-desktop-database "$DATA_HOME/applications" >/dev/null 2>&1 || true
  fi
  if command -v gtk-update-icon-cache >/dev/null 2>&1; then
    gtk-update-icon-cache -q -t "$DATA_HOME/icons/hicolor" >/dev/null 2>&1 || true
  fi
}

if [ "${1:-}" = "--uninstall" ]; then
  rm -rf "$APP_DIR"
  for f in "$BIN_DIR/chiso-desktop" "$BIN_DIR/chiso"; do
    if [ -L "$f" ]; then rm -f "$f"; fi
  done
  rm -f "$DESKTOP_FILE" "$MIME_FILE" "$ICON_PNG" "$ICON_SVG"
  refresh_caches
  echo "Chỉ số Desktop removed. Your data in $DATA_HOME/chiso-desktop was kept."
  exit 0
fi

if [ -n "${1:-}" ]; then
  SRC="$(cd "$1" && pwd)"
elif [ -x "$SELF_DIR/chiso" ]; then
  SRC="$SELF_DIR"
else
  SRC="$(cd "$SELF_DIR/../.." && pwd)/dist/chiso-desktop"
fi
[ -x "$SRC/chiso" ] && [ -d "$SRC/_internal" ] || {
  echo "No Chỉ số Desktop build in $SRC (expected chiso and _internal/ there)." >&2
  echo "Build it with: bash packaging/build-linux.sh" >&2
  exit 1
}
for f in chiso-desktop.desktop chiso-mime.xml; do
  [ -f "$SELF_DIR/$f" ] || { echo "$f is missing beside $0" >&2; exit 1; }
done

mkdir -p "$(dirname "$APP_DIR")" "$BIN_DIR" "$(dirname "$DESKTOP_FILE")" \
  "$(dirname "$MIME_FILE")" "$(dirname "$ICON_PNG")" "$(dirname "$ICON_SVG")"

# Copy to a new folder first, then swap, so a failed copy leaves the old app working.
rm -rf "$APP_DIR.new"
cp -a "$SRC" "$APP_DIR.new"
rm -rf "$APP_DIR"
mv "$APP_DIR.new" "$APP_DIR"

ln -sfn "$APP_DIR/chiso" "$BIN_DIR/chiso"
if [ -x "$APP_DIR/chiso-desktop" ]; then
  ln -sfn "$APP_DIR/chiso-desktop" "$BIN_DIR/chiso-desktop"
fi

# Absolute Exec so the menu entry works even when ~/.local/bin is not on PATH.
if [ -x "$APP_DIR/chiso-desktop" ]; then
  sed "s|^Exec=chiso-desktop |Exec=\"$APP_DIR/chiso-desktop\" |" \
    "$SELF_DIR/chiso-desktop.desktop" > "$DESKTOP_FILE"
fi
cp "$SELF_DIR/chiso-mime.xml" "$MIME_FILE"
cp "$APP_DIR/_internal/resources/icons/chiso.png" "$ICON_PNG"
cp "$APP_DIR/_internal/resources/icons/chiso.svg" "$ICON_SVG"

refresh_caches
if command -v xdg-mime >/dev/null 2>&1; then
  xdg-mime default chiso-desktop.desktop application/x-chiso-bundle >/dev/null 2>&1 || true
fi

echo "Chỉ số Desktop installed in $APP_DIR"
if [ ! -x "$APP_DIR/chiso-desktop" ]; then
  echo "Note: this build has no chiso-desktop (GUI); only the chiso command was installed."
fi
case ":$PATH:" in
  *":$BIN_DIR:"*) ;;
  *) echo "Add $BIN_DIR to PATH to run 'chiso' from a terminal." ;;
esac
