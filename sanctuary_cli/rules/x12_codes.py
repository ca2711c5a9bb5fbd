"""The code texts acknowledgements are read with: 999 acknowledgement and error codes
(005010X231A1), claim status category codes (X12 external code list 507), the common claim
status codes (list 508) and entity identifiers. An unknown code is shown as itself.

Pure data. docs/claims-x12.md names the sources; list 508 has hundreds of codes, of which
only those a small practice meets most are worded here (the 277CA's free text, STC12, and
the code itself still reach the person).
"""

from __future__ import annotations

# IK501 (a transaction set) and AK901 (the group).
ACK_CODES = {
    "A": "accepted", "E": "accepted with errors noted", "P": "partially accepted",
    "R": "rejected", "M": "rejected: message authentication code failed",
    "W": "rejected: assurance failed validity tests",
    "X": "rejected: content could not be analyzed after decryption",
}  # fmt: skip
ACCEPTED = frozenset({"A", "E"})
# IK304 Implementation Segment Syntax Error Code.
SEGMENT_ERRORS = {
    "1": "unrecognized segment id", "2": "unexpected segment", "3": "required segment missing",
    "4": "loop occurs over maximum times", "5": "segment exceeds maximum use",
    "6": "segment not in defined transaction set", "7": "segment not in proper sequence",
    "8": "segment has data element errors",
    "I4": "implementation 'not used' segment present",
    "I6": "implementation dependent segment missing",
    "I7": "implementation loop occurs under minimum times",
    "I8": "implementation segment below minimum use",
    "I9": "implementation dependent 'not used' segment present",
}  # fmt: skip
# IK403 Implementation Data Element Syntax Error Code.
ELEMENT_ERRORS = {
    "1": "required data element missing", "2": "conditional required data element missing",
    "3": "too many data elements", "4": "data element too short",
    "5": "data element too long", "6": "invalid character in data element",
    "7": "invalid code value", "8": "invalid date", "9": "invalid time",
    "10": "exclusion condition violated", "12": "too many repetitions",
    "13": "too many components", "I6": "code value not used in implementation",
    "I9": "implementation dependent data element missing",
    "I10": "implementation 'not used' data element present",
    "I11": "implementation too few repetitions", "I12": "implementation pattern match failure",
    "I13": "implementation dependent 'not used' data element present",
}  # fmt: skip
# IK502-IK506 Implementation Transaction Set Syntax Error Code.
SET_ERRORS = {
    "1": "transaction set not supported", "2": "transaction set trailer missing",
    "3": "control numbers in header and trailer do not match",
    "4": "number of included segments does not match the count",
    "5": "one or more segments in error", "6": "missing or invalid transaction set identifier",
    "7": "missing or invalid transaction set control number",
    "18": "transaction set not in functional group",
    "19": "invalid transaction set implementation convention reference",
    "23": "transaction set control number not unique within the functional group",
    "I5": "implementation: one or more segments in error",
    "I6": "implementation convention not supported",
}  # fmt: skip
# AK905-AK909 Functional Group Syntax Error Code.
GROUP_ERRORS = {
    "1": "functional group not supported", "2": "functional group version not supported",
    "3": "functional group trailer missing",
    "4": "group control numbers in header and trailer do not agree",
    "5": "number of included transaction sets does not match the count",
    "6": "group control number violates syntax",
    "19": "functional group control number not unique within interchange",
}  # fmt: skip
# Claim Status Category Codes (507).
CATEGORIES = {
    "A0": "forwarded to another entity", "A1": "received (not yet accepted for adjudication)",
    "A2": "accepted into the adjudication system", "A3": "returned as unprocessable",
    "A4": "not found", "A5": "split upon acceptance", "A6": "rejected for missing information",
    "A7": "rejected for invalid information", "A8": "rejected for relational field in error",
    "D0": "data search unsuccessful", "E0": "response not possible: error in the request",
    "E1": "response not possible: system status", "E2": "information holder not responding",
    "E3": "correction required: relational fields in error",
    "E4": "trading partner agreement requirement not met: correction required",
    "F0": "finalized", "F1": "finalized: payment", "F2": "finalized: denial",
    "P0": "pending: adjudication", "P1": "pending: in process", "P2": "pending: in review",
    "P3": "pending: requested information", "P4": "pending: payer review",
    "R0": "requests additional information",
}  # fmt: skip
_ACCEPTED = frozenset({"A0", "A1", "A2", "A5"})
_REJECTED = frozenset({"A3", "A4", "A6", "A7", "A8", "D0", "E0", "E3", "E4"})
# The Claim Status Codes (508) met most.
STATUS_CODES = {
    "0": "cannot provide further status electronically",
    "1": "for more detailed information, see remittance advice",
    "3": "claim has been adjudicated and is awaiting payment cycle",
    "16": "claim/encounter has been forwarded to entity",
    "19": "entity acknowledges receipt of claim/encounter", "20": "accepted for processing",
    "21": "missing or invalid information", "562": "entity's National Provider Identifier (NPI)",
}  # fmt: skip
# Entity Identifier Codes an STC01-3 names most.
ENTITIES = {
    "40": "receiver", "41": "submitter", "77": "service location", "82": "rendering provider",
    "85": "billing provider", "IL": "subscriber", "PR": "payer", "QC": "patient",
}  # fmt: skip


def describe(table: dict[str, str], code: str) -> str:
    """`code text`, or `code` alone when the table does not word it."""
    return f"{code} {table[code]}" if code in table else code


def category_status(category: str) -> str:
    """accepted, rejected or pending for a claim status category code: A0/A1/A2/A5 and F*
    accepted; A3/A4/A6/A7/A8, D0, E0/E3/E4 rejected; anything else (P*, R*, E1, E2, a code
    we do not know) pending, for a person to look at."""
    if category in _REJECTED:
        return "rejected"
    if category in _ACCEPTED or category.startswith("F"):
        return "accepted"
    return "pending"
