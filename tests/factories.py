"""Factories shared by the test suite: staff with profiles, and course trees of any size."""

import itertools

import factory
from django.db import connection

from courses.models import CatalogPage, CoursePage, LessonPage, ModulePage
from people.models import Country, Province, Role, StaffProfile, User
from people.services import grant_role

_counter = itertools.count(1)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "Dara"
    last_name = factory.Sequence(lambda n: f"Tester{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.PostGenerationMethodCall("set_password", "pass-word-123")

    @factory.post_generation
    def finish(obj, create, extracted, **kwargs):
        if create:
            obj.save()


def make_staff(*, country="KH", province=None, sex="female", disability="", roles=(Role.LEARNER,), **user_fields):
    """A user with a staff profile in a country (and province), holding the given roles."""
    user = UserFactory(**user_fields)
    country_obj = Country.objects.get(code=country)
    province_obj = Province.objects.get(code=province) if province else country_obj.provinces.order_by("code").first()
    StaffProfile.objects.create(
        user=user,
        sex=sex,
        disability=disability,
        country=country_obj,
        province=province_obj,
        employee_id=f"E-{next(_counter):05d}",
    )
    for role in roles:
        grant_role(user=user, role=role)
    return user


def catalog():
    return CatalogPage.objects.first()


def make_course(*, modules=3, lessons=3, slug=None, tier="self_paced", languages=("km", "lo", "en"), parent=None):
    """A live course with `modules` modules of `lessons` lessons each, titles in three languages."""
    number = next(_counter)
    parent = parent or catalog()
    course = CoursePage(
        title=f"Course {number}",
        title_en=f"Course {number}",
        title_km=f"វគ្គ {number}",
        title_lo=f"ຫຼັກສູດ {number}",
        slug=slug or f"course-{number}",
        tier=tier,
        duration_hours=3,
        languages=list(languages),
        summary_en="A short course.",
        summary_km="វគ្គខ្លី។",
        summary_lo="ຫຼັກສູດສັ້ນ.",
    )
    parent.add_child(instance=course)
    for m in range(1, modules + 1):
        module = ModulePage(
            title=f"Module {m}", title_en=f"Module {m}", title_km=f"ម៉ូឌុល {m}", title_lo=f"ບົດ {m}", slug=f"m{m}"
        )
        course.add_child(instance=module)
        for n in range(1, lessons + 1):
            lesson = LessonPage(
                title=f"Lesson {m}.{n}",
                title_en=f"Lesson {m}.{n}",
                title_km=f"មេរៀន {m}.{n}",
                title_lo=f"ບົດຮຽນ {m}.{n}",
                slug=f"l{n}",
                body_en=[{"type": "paragraph", "value": f"<p>English body {m}.{n}</p>"}],
                body_km=[{"type": "paragraph", "value": f"<p>អត្ថបទ {m}.{n}</p>"}],
                body_lo=[{"type": "paragraph", "value": f"<p>ເນື້ອໃນ {m}.{n}</p>"}],
            )
            module.add_child(instance=lesson)
    return course


def lessons_of(course):
    return list(LessonPage.objects.descendant_of(course).order_by("path"))


def is_postgres():
    return connection.vendor == "postgresql"  # read from settings; no query is made
