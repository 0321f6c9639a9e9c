"""End to end through the CLI: an Office and three departments of the Nhị Chiểu plan."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from tests.support.ward import PLAN, UNIT


def test_ward_exchange_scenario(chiso: Callable[..., object], tmp_path: Path,
                                db_location: str) -> None:
    def ok(*argv: object):
        result = chiso(*argv)
        assert result.code == 0, (argv, result.out, result.err)
        return result

    office = db_location
    ok("--db", office, "init", "--role", "office", "--unit", UNIT, "--catalog", "hp-2081-2026",
       "--plan", PLAN)
    office_fp = ok("--db", office, "keys", "fingerprint", "--json").json()
    dbs: dict[str, Path] = {}
    for code in ("KT", "VHXH", "HCC"):
        package = tmp_path / f"{code}.setup.chiso"
        ok("--db", office, "setup-package", "--department", code, "--out", package)
        dbs[code] = tmp_path / f"{code}.db"
        shown = ok("--db", dbs[code], "init", "--from-setup", package, "--yes")
        assert office_fp["short"] in shown.out  # the fingerprint to compare with the Office
        card = tmp_path / f"{code}.key"
        ok("--db", dbs[code], "keys", "export", "--out", card)
        ok("--db", office, "keys", "trust", card, "--department", code)

    # A department without --yes and without a terminal to confirm on is not set up.
    refused = chiso("--db", tmp_path / "x.db", "init", "--from-setup",
                    tmp_path / "KT.setup.chiso")
    assert refused.code == 3

    ok("--db", dbs["KT"], "values", "set", "--period", "2026S1", "A.XIII.1.1=9.275",
       "A.XIII.1.2=51,9", "A.XIII.2.1=không phát sinh", "--note", "A.XIII.2.1=Chưa có dự án")
    ok("--db", dbs["VHXH"], "values", "set", "--period", "2026S1", "A.XIII.15.1=92,5",
       "A.XIII.17.1=12")
    ok("--db", dbs["HCC"], "values", "set", "--period", "202606", "A.XIII.21.1=98,7",
       "A.XIII.22.1=100")
    bundles = []
    for code, period in (("KT", "2026S1"), ("VHXH", "2026S1"), ("HCC", "202606")):
        path = tmp_path / f"{code}-{period}.chiso"
        ok("--db", dbs[code], "export", "--period", period, "--out", path, "--sealed")
        bundles.append(path)
    status = ok("--db", dbs["KT"], "period", "show", "2026S1", "--json").json()
    assert status["status"] == "submitted"

    report = ok("--db", office, "import", *bundles, "--json").json()
    assert [(r["status"], r["sender"], r["new"], r["changed"], r["conflicts"]) for r in report] == [
        ("imported", "KT", 3, 0, 0), ("imported", "VHXH", 2, 0, 0), ("imported", "HCC", 2, 0, 0)]
    values = {r["code"]: r for r in ok("--db", office, "values", "list", "--period", "2026S1",
                                          "--json").json()}
    assert values["A.XIII.1.1"]["value"] == "9275"
    assert values["A.XIII.2.1"]["state"] == "not-applicable"
    assert values["A.XIII.2.1"]["note"] == "Chưa có dự án"
    assert values["A.XIII.15.1"]["value"] == "92.5"

    # Importing the same files again changes nothing.
    again = ok("--db", office, "import", *bundles, "--json").json()
    assert {r["status"] for r in again} == {"already-imported"}

    # The department corrects one value and sends a new bundle.
    ok("--db", dbs["KT"], "values", "set", "--period", "2026S1", "A.XIII.1.2=52,3",
       "--reason", "số liệu chính thức")
    second = tmp_path / "KT-2026S1-b.chiso"
    ok("--db", dbs["KT"], "export", "--period", "2026S1", "--out", second)
    dry = ok("--db", office, "import", second, "--dry-run", "--json").json()
    assert dry[0]["changed"] == 1
    report = ok("--db", office, "import", second, "--json").json()
    assert (report[0]["new"], report[0]["changed"], report[0]["unchanged"]) == (0, 1, 2)
    history = ok("--db", office, "values", "history", "A.XIII.1.2", "--period", "2026S1",
                 "--json").json()
    assert [(h["old_value"], h["new_value"], h["source"]) for h in history] == [
        (None, "51.9", "bundle"), ("51.9", "52.3", "bundle")]
    assert history[1]["bundle_id"] == report[0]["bundle_id"]
    assert history[0]["bundle_id"] != history[1]["bundle_id"]

    # The old bundle arriving late is a replay.
    late = chiso("--db", office, "import", bundles[0], tmp_path / "missing.chiso", "--json")
    assert late.code == 3
    late_report = late.json()
    assert late_report[0]["status"] == "already-imported"
    assert late_report[1]["status"] == "refused"

    # The Office corrects a value itself; the department's next bundle conflicts with it.
    ok("--db", office, "values", "set", "--period", "2026S1", "A.XIII.1.1=9.300",
       "--reason", "theo Chi cục Thống kê")
    ok("--db", dbs["KT"], "values", "set", "--period", "2026S1", "A.XIII.1.1=9.280",
       "--reason", "rà soát")
    third = tmp_path / "KT-2026S1-c.chiso"
    ok("--db", dbs["KT"], "export", "--period", "2026S1", "--out", third)
    report = ok("--db", office, "import", third, "--json").json()
    assert (report[0]["changed"], report[0]["conflicts"]) == (0, 1)
    conflicts = ok("--db", office, "conflicts", "list", "--json").json()
    assert [(c["code"], c["kind"], c["current_value"], c["incoming_value"]) for c in conflicts] \
        == [("A.XIII.1.1", "local-change", "9300", "9280")]
    values = {r["code"]: r for r in ok("--db", office, "values", "list", "--period", "2026S1",
                                          "--json").json()}
    assert values["A.XIII.1.1"]["value"] == "9300"  # held, not overwritten

    no_reason = chiso("--db", office, "conflicts", "resolve", conflicts[0]["id"], "--take",
                      "incoming", "--reason", " ")
    assert no_reason.code == 2
    ok("--db", office, "conflicts", "resolve", conflicts[0]["id"], "--take", "incoming",
       "--reason", "phòng KT đã rà soát lại")
    assert ok("--db", office, "conflicts", "list", "--json").json() == []
    history = ok("--db", office, "values", "history", "A.XIII.1.1", "--period", "2026S1",
                 "--json").json()
    assert [(h["new_value"], h["source"]) for h in history] == [
        ("9275", "bundle"), ("9300", "local"), ("9280", "resolution")]
    assert "phòng KT đã rà soát lại" in history[-1]["reason"]
    assert history[-1]["bundle_id"] == report[0]["bundle_id"]
