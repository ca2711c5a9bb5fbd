"""Outcome measures in the database: administrations scored and stored, listed, and their
trend per instrument. Reading functions record their READ or EXPORT entry themselves."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from sanctuary_cli.errors import UserError
from sanctuary_cli.practice.audit import record_shown
from sanctuary_cli.practice.clinician import acting_id
from sanctuary_cli.practice.refs import resolve_patient
from sanctuary_cli.rules.scoring import (
    INSTRUMENTS,
    MAX_TOTAL,
    normalize_instrument,
    parse_answers,
    score,
)
from sanctuary_cli.rules.trends import sparkline
from sanctuary_cli.store.db import Database, named_query

Ask = Callable[[str], Sequence[int | None]]


def add_measure(
    db: Database,
    patient_ref: str,
    instrument: str,
    answers: str | None,
    *,
    ask: Ask | None = None,
) -> dict[str, Any]:
    """Score and store one administration by the acting clinician, from `--answers` text or,
    without it, by `ask` (the form, item by item); report its total, band, change and flag.
    The patient is resolved before the first question, so nobody answers nine items about a
    name that matches no one."""
    therapist_id = acting_id(db)
    name = normalize_instrument(instrument)
    patient = resolve_patient(db, patient_ref)
    if answers is not None:
        values = parse_answers(name, answers)
    elif ask is not None:
        values = list(ask(name))
    else:
        raise UserError("Give the answers with --answers (no terminal to ask on)")
    result = score(name, values)
    with db.transaction() as cur:
        cur.execute(
            named_query("measures.add"),
            {
                "patient_id": patient["id"],
                "therapist_id": therapist_id,
                "instrument": result.instrument,
                "answers": list(result.answers),
                "total": result.total,
                "severity": result.severity,
                "risk_flag": result.risk_flag,
            },
        )
        row = cur.fetchone()
        cur.execute(
            named_query("measures.previous_total"),
            {
                "patient_id": patient["id"],
                "instrument": result.instrument,
                "id": row["id"],
                "administered_at": row["administered_at"],
            },
        )
        previous = cur.fetchone()
    return {
        "measure_id": row["id"],
        "administered_at": row["administered_at"],
        "instrument": result.instrument,
        "total": result.total,
        "severity": result.severity,
        "change": None if previous is None else result.total - previous["total"],
        "risk_flag": result.risk_flag,
    }


def list_measures(
    db: Database, patient_ref: str, *, instrument: str | None = None, export: bool = False
) -> dict[str, Any]:
    """A patient's administrations, newest first, with item answers and change since the
    previous one of the same instrument: {"patient_name", "entries"}."""
    patient = resolve_patient(db, patient_ref)
    only = normalize_instrument(instrument) if instrument else None
    entries = db.all("measures.list", patient_id=patient["id"], instrument=only)
    record_shown(
        db,
        "measure_administrations",
        entries,
        export=export,
        id_key="measure_id",
        patient_id=patient["id"],
    )
    return {"patient_name": patient["full_name"], "entries": entries}


def measures_trend(db: Database, patient_ref: str, *, export: bool = False) -> dict[str, Any]:
    """Per instrument: count, first and latest total, change, and a sparkline of totals on the
    instrument's own scale, and each instrument's (administered_at, total) oldest first for a
    chart: {"patient_name", "instruments", "series"}. Audited as one entry."""
    patient = resolve_patient(db, patient_ref)
    rows = list(reversed(db.all("measures.list", patient_id=patient["id"], instrument=None)))
    trend = []
    for instrument in INSTRUMENTS:
        mine = [r for r in rows if r["instrument"] == instrument]
        if not mine:
            continue
        totals = [r["total"] for r in mine]
        trend.append(
            {
                "instrument": instrument,
                "administrations": len(mine),
                "first_total": totals[0],
                "latest_total": totals[-1],
                "change": totals[-1] - totals[0],
                "latest_severity": mine[-1]["severity"],
                "sparkline": sparkline(totals, low=0, high=MAX_TOTAL[instrument]),
            }
        )
    record_shown(db, "measure_administrations", trend, export=export, patient_id=patient["id"])
    series = {
        instrument: [
            (r["administered_at"], r["total"]) for r in rows if r["instrument"] == instrument
        ]
        for instrument in INSTRUMENTS
    }
    return {"patient_name": patient["full_name"], "instruments": trend, "series": series}
