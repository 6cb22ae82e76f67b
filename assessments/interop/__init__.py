"""Question exchange with Moodle: import from Moodle XML, GIFT and Aiken; export to Moodle XML and GIFT.

Readers (moodle_xml, gift, aiken) turn a file into `records.Item`s, skipped questions and
errors with their place in the file, without touching the database; `importing` shows that
as a preview and writes it in one transaction; `exporting` turns a bank back into a file.
"""
