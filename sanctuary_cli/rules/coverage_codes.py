"""The coverage codes a patient's policy is stored with, apart from rules/claim_model.py so that
the patient fields (practice/coverage.py) load without the claim model's dataclasses: every
`patients` command imports them (bench/RESULTS.md, "Used-by commands against the floor")."""

# The patient's relationship to the subscriber -> X12 Individual Relationship Code (1069):
# 18 self, 01 spouse, 19 child, G8 other relationship.
RELATIONSHIP_CODES = {"self": "18", "spouse": "01", "child": "19", "other": "G8"}
SEXES = ("F", "M", "U")  # the patient's sex as the payer holds it (2010BA/2010CA DMG03)
