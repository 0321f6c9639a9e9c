"""A ward for the Office GUI tests: an Office and three departments that exported bundles.

Built with the core through the ``chiso`` command line (tests/office/ward.py);
the bundles are written but not imported, so the GUI does the import. The
Office typed D.3.1 itself first, so KT's bundle brings one conflict.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from office.ward import MONTH, MONTHLY, Ward, ok

TODAY = date(2026, 10, 20)
KT_VALUES = ("D.3.1=12.450", "D.3.2=3.120", "D.3.3=85,5", "D.3.4=1.200", "D.3.5=12,25",
             "D.3.6=0", "D.4.1=0", "D.4.2=0", "D.5.1=0")
VHXH_VALUES = ("A.IV.3.1=7", "A.IV.3.2=1", "A.IV.3.3=12,5", "A.IV.3.4=không phát sinh")
HCC_VALUES = ("A.XIII.21.1=98,5",)


def build(chiso: Callable[..., Any], root: Path) -> tuple[Ward, list[Path]]:
    ward = Ward(chiso, root)
    for code in MONTHLY:
        ward.add_department(code)
    ok(ward.run("VP", "values", "set", "--period", MONTH, "D.3.1=12.000", "--reason",
                "theo số liệu Chi cục Thống kê"))
    bundles = []
    for code, values in (("KT", KT_VALUES), ("VHXH", VHXH_VALUES), ("HCC", HCC_VALUES)):
        ok(ward.run(code, "values", "set", "--period", MONTH, *values))
        out = root / "usb" / f"{code.lower()}-{MONTH}.chiso"
        out.parent.mkdir(exist_ok=True)
        ok(ward.run(code, "export", "--period", MONTH, "--out", out))
        bundles.append(out)
    return ward, bundles
