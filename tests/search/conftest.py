import pytest

from courses.models import LessonPage

from ..factories import lessons_of, make_course

KHMER = "ខ្ញុំចង់ស្វែងរកការងារនៅភ្នំពេញ"  # ខ្ញុំ ចង់ ស្វែងរក ការងារ នៅ ភ្នំពេញ
LAO = "ຂ້ອຍຢາກຊອກຫາວຽກເຮັດຢູ່ວຽງຈັນ"  # ຂ້ອຍ ຢາກ ຊອກຫາ ວຽກ ເຮັດ ຢູ່ ວຽງຈັນ


def publish_body(lesson, *, en=None, km=None, lo=None, title_km=None):
    """Give a lesson new text and publish it the way an editor does (Wagtail's signals fire)."""
    lesson = LessonPage.objects.get(pk=lesson.pk)
    for language, text in (("en", en), ("km", km), ("lo", lo)):
        if text is not None:
            setattr(lesson, f"body_{language}", [{"type": "paragraph", "value": f"<p>{text}</p>"}])
    if title_km is not None:
        lesson.title_km = title_km
    lesson.save_revision().publish()
    return lesson


@pytest.fixture
def jobs_course(db):
    """A course whose first lesson tells, in Khmer and Lao written without spaces, of looking for work."""
    course = make_course(modules=1, lessons=2)
    first, second = lessons_of(course)
    publish_body(
        first,
        en="Looking for work: I want to look for work in Phnom Penh.",
        km=f"ការណែនាំ។ {KHMER}។",
        lo=f"ຄຳແນະນຳ. {LAO}.",
    )
    publish_body(second, en="Interview skills.", km="ជំនាញសម្ភាសន៍។", lo="ທັກສະການສຳພາດ.")
    course.save_revision().publish()  # made with plain saves: publishing indexes the course too
    return course
