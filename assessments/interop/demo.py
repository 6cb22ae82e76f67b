"""Demo: a question bank imported from the Moodle XML file in assessments/demo_data/.

Connected to core.signals.demo_data_loaded (in AssessmentsConfig.ready); the bank is found
by name and questions by their source_key, so loading the demo twice changes nothing.
"""

from pathlib import Path

from ..models import QuestionBank
from .importing import import_file

DEMO_FILE = Path(__file__).resolve().parent.parent / "demo_data" / "ilo_job_search.xml"
BANK = {
    "en": "ILO job search (from Moodle)",
    "km": "ការស្វែងរកការងាររបស់ ILO (ពី Moodle)",
    "lo": "ການຊອກວຽກຂອງ ILO (ຈາກ Moodle)",
}


def load_demo_question_bank(sender, *, courses, stdout=None, **kwargs):
    course = next(iter(courses), None)
    bank = QuestionBank.objects.filter(name_en=BANK["en"]).first()
    if bank is None:
        bank = QuestionBank.objects.create(
            course=course, name=BANK["en"], **{f"name_{lang}": text for lang, text in BANK.items()}
        )
    parsed, result = import_file(bank=bank, data=DEMO_FILE.read_bytes(), language="en")
    if stdout is not None:
        stdout.write(
            f"Question bank from Moodle XML: {result.created} new, {result.updated} updated, {result.unchanged} unchanged.\n"
        )
    return bank
