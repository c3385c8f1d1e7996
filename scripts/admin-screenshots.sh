#!/usr/bin/env bash
# Retakes the screenshots of docs/admin.md: rexorm-admin on a copy of the Chinook SQLite
# database, painted offscreen (QWidget::grab), into docs/images/admin/. Run after ./dev build.
set -euo pipefail
cd "$(dirname "$(readlink -f "$0")")/.."
BUILD_DIR=${REXORM_BUILD_DIR:-build}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp tests/data/chinook/Chinook_Sqlite.sqlite "$work/chinook.sqlite"
chmod u+w "$work/chinook.sqlite"
# A private settings folder: the screenshots show the default layout, not yours.
XDG_CONFIG_HOME="$work/config" QT_QPA_PLATFORM=offscreen LANG=C.UTF-8 \
    "$BUILD_DIR/admin-app/src/app/rexorm-admin" --lang en --database "$work/chinook.sqlite" \
    --migrations migrations --screenshots docs/images/admin
ls -1 docs/images/admin
