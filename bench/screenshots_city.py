"""Screenshots of the city's pages at both sizes: import, wards (who is late), keys, enrolment.

Builds ``demo --city`` with five wards; the fifth ward then sends its late
bundle for the latest month, a ward that is not enrolled yet sends its first
one, and a damaged file and an already imported one come along, so the import
summary shows every kind of line. Saves ``docs/screenshots/<size>-city-*.png``.
Run under Xvfb:

    xvfb-run -a -s '-screen 0 1366x768x24' python bench/screenshots_city.py [OUT_DIR]
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

SIZES = ((1024, 600), (1366, 768))
PASSPHRASE = "mật khẩu thành phố mẫu"


def _cli(*argv: object) -> None:
    from chiso_desktop.cli.main import main

    code = main([str(a) for a in argv])
    if code != 0:
        raise SystemExit(f"chiso {' '.join(map(str, argv))} → {code}")


def _consolidated(db: Path, period: str, out: Path, *values: str) -> Path:
    _cli("--db", db, "values", "set", "--period", period, *values)
    _cli("--db", db, "finalize", "--period", period, "--approver", "Lê Văn Cường",
         "--position", "Chủ tịch UBND")
    _cli("--db", db, "export", "--period", period, "--out", out, "--consolidated")
    return out


def main() -> int:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("docs/screenshots")
    out = out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("CHISO_LANG", "vi")
    os.environ["CHISO_PASSPHRASE"] = PASSPHRASE
    from chiso_desktop import i18n
    from chiso_desktop.gui.app import make_application
    from chiso_desktop.gui.context import AppContext
    from chiso_desktop.gui.main_window import MainWindow
    from chiso_desktop.gui.translator import Translators
    from chiso_desktop.office.city_demo import build_city_demo
    from chiso_desktop.periods.period import parse_period
    from chiso_desktop.store.opening import open_for_use

    i18n.init_from_environment()
    app = make_application(sys.argv[:1])
    translators = Translators()
    translators.install(i18n.language())

    def settle() -> None:
        for _ in range(10):
            app.processEvents()

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        demo = build_city_demo(root / "city", 5, passphrase=PASSPHRASE)
        latest = demo.months[-1]
        late = _consolidated(demo.wards["Phường Lê Chân"], latest,
                             root / "phuong-le-chan-202611.chiso", "A.IV.3.1=6",
                             "A.XIII.21.1=96,5")
        card = root / "city.chisokey"
        _cli("--db", demo.city, "keys", "export", "--out", card)
        new = root / "tan-moi.db"
        _cli("--db", new, "init", "--role", "office", "--unit", "Xã Tân Mới", "--plan",
             "nhichieu-202-2026", "--department", "VP", "--unit-code", "11399")
        _cli("--db", new, "keys", "fingerprint")  # makes the ward's key pair
        _cli("--db", new, "keys", "trust", card, "--department", "city", "--yes")
        unknown = _consolidated(new, latest, root / "xa-tan-moi-202611.chiso", "A.IV.3.1=4")
        new_card = root / "xa-tan-moi.chisokey"
        _cli("--db", new, "keys", "export", "--out", new_card)
        damaged = root / "goi-bi-hong.chiso"
        damaged.write_bytes(b"PK\x03\x04 not a bundle")
        again = root / "city" / "bundles" / f"ward-001-{latest}.chiso"

        db = open_for_use(demo.city)
        ctx = AppContext(db)
        window = MainWindow(ctx)
        ctx.set_period(parse_period(latest))
        page = window.page("city_import")
        window.resize(*SIZES[1])
        window.show()
        settle()
        page.import_paths([late, unknown, damaged, again])  # type: ignore[union-attr]
        while page.job is not None:  # type: ignore[union-attr]
            app.processEvents()
        settle()
        keys = window.page("city_keys")
        wards = window.page("city_wards")
        for width, height in SIZES:
            window.resize(width, height)
            window.show_page("city_import")
            page.table.selectRow(2)  # type: ignore[union-attr]
            settle()
            window.grab().save(str(out / f"{width}x{height}-city-import.png"))
            window.show_page("city_wards")
            wards.reload()  # type: ignore[union-attr]
            settle()
            window.grab().save(str(out / f"{width}x{height}-city-wards.png"))
            window.show_page("city_keys")
            settle()
            window.grab().save(str(out / f"{width}x{height}-city-keys.png"))
            dialog = keys.start_enroll(new_card)  # type: ignore[union-attr]
            assert dialog is not None
            dialog.resize(min(width - 40, 900), dialog.sizeHint().height())
            settle()
            dialog.grab().save(str(out / f"{width}x{height}-city-enroll-dialog.png"))
            dialog.reject()
            settle()
        print("saved to", out)
        window.close()
        db.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
