"""An independent X12 check for the tests: PyPI pyx12 validates a document against its
implementation-guide map (005010X222A1 for an 837P, X221A1 for an 835, X231A1 for a 999,
X214 for a 277CA) and the code lists it ships.

`x12valid`, pyx12's console script, only prints OK or Failure, so the library is called the way
the script calls it (pyx12.x12n_document.x12n_document) and its JSON error report (the
errh_json visitor: interchange, group, transaction set, segment and element errors) is read
back into one line per error. Errors pyx12 only logs (a file that is not X12 at all) are
taken from its logger when the report names none.
"""

from __future__ import annotations

import io
import json
import logging
from typing import Any

import pyx12.errors
import pyx12.params
import pyx12.x12n_document


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def validate_x12(text: str) -> list[str]:
    """Every error pyx12 reports for the document, one line each; [] means it is valid."""
    param = pyx12.params.params()
    report = io.StringIO()
    logger = logging.getLogger("pyx12")
    collect = _Collect()
    logger.addHandler(collect)
    try:
        valid = pyx12.x12n_document.x12n_document(
            param=param,
            src_file=io.StringIO(text),
            fd_997=None,
            fd_html=None,
            fd_xmldoc=None,
            fd_json=report,
        )
    except pyx12.errors.X12Error as error:  # EngineError too: a map pyx12 cannot find
        return [f"pyx12 stopped: {error}"]
    finally:
        logger.removeHandler(collect)
    errors = _errors_of(json.loads(report.getvalue())) if report.getvalue() else []
    if not errors:  # pyx12 logs each error it reports too: its log is read only as a fallback
        errors = list(collect.messages)
    if not valid and not errors:
        errors.append("pyx12 found the document invalid without naming an error")
    return errors


def _errors_of(doc: dict[str, Any]) -> list[str]:
    found: list[str] = []

    def add(where: str, items: list[dict[str, Any]]) -> None:
        for item in items:
            value = f" [{item['err_val']}]" if item.get("err_val") else ""
            found.append(f"{where}: {item['err_cde']} {item['err_str']}{value}")

    for isa in doc.get("interchanges", []):
        add("ISA", isa["errors"])
        for gs in isa["groups"]:
            add(f"GS {gs['gs_control_num']}", gs["errors"])
            for st in gs["transactions"]:
                where = f"ST {st['trn_set_control_num']}"
                add(where, st["errors"])
                for seg in st["segments"]:
                    at = f"{where} segment {seg['seg_count']} {seg['seg_id']} ({seg['name']})"
                    add(at, seg["errors"])
                    for ele in seg["elements"]:
                        add(f"{at} {ele['name'] or ele['ele_pos']}", ele["errors"])
    return found
