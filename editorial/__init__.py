"""The editors' workshop: fonts in the admin, translation status, PO round trip, publishing rule.

Sits on top of courses, assessments and certificates; nothing imports it.
"""
