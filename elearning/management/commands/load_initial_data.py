"""Load the demo: offices, positions, people for every role, and translated self-paced courses.

Safe to run again: everything is found by its natural key (code, username, slug) and
updated in place; passwords are set only when an account is first created.
Other apps add their demo data by connecting to `demo_data_loaded` (see core.signals).
"""

import json
from decimal import Decimal
from pathlib import Path

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.html import escape

from core.signals import demo_data_loaded
from courses.models import CatalogPage, CoursePage, LessonPage, ModulePage
from courses.selectors import course_lessons
from courses.services import complete_lesson, get_or_create_enrolment
from people.models import Country, Office, Position, Province, Role, StaffProfile, User
from people.services import create_staff, grant_role

DEMO_DIR = Path(__file__).resolve().parents[2] / "demo"
LANGS = ("en", "km", "lo")
CATALOG_TITLES = {"en": "Courses", "km": "វគ្គសិក្សា", "lo": "ຫຼັກສູດ"}
CATALOG_INTRO = {
    "en": "<p>Short courses for job centre staff. Learn at your own pace, on your phone or computer.</p>",
    "km": "<p>វគ្គសិក្សាខ្លីៗសម្រាប់បុគ្គលិកមជ្ឈមណ្ឌលការងារ។ រៀនតាមល្បឿនរបស់អ្នក នៅលើទូរស័ព្ទ ឬកុំព្យូទ័រ។</p>",
    "lo": "<p>ຫຼັກສູດສັ້ນສຳລັບພະນັກງານສູນບໍລິການຈັດຫາງານ. ຮຽນຕາມຈັງຫວະຂອງທ່ານ ໃນໂທລະສັບ ຫຼື ຄອມພິວເຕີ.</p>",
}


def _load(name):
    return json.loads((DEMO_DIR / name).read_text(encoding="utf-8"))


def _translations(field, values):
    """{'title_en': ..., 'title_km': ...} for the languages present; English also fills the base field."""
    result = {f"{field}_{lang}": values[lang] for lang in LANGS if values.get(lang)}
    result[field] = values["en"]
    return result


def _paragraph_html(text):
    return "".join(f"<p>{escape(part.strip())}</p>" for part in text.split("\n") if part.strip())


class Command(BaseCommand):
    help = "Load (or refresh) the demo organisation, people and courses."

    def handle(self, *args, **options):
        with transaction.atomic():
            people = _load("people.json")
            self.load_organisation(people)
            users = self.load_users(people)
            courses = self.load_courses(_load("courses.json"))
            self.load_progress(users, courses)
            demo_data_loaded.send(sender=self.__class__, users=users, courses=courses, stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo data loaded."))
        self.print_logins(people)

    # Organisation and people -------------------------------------------------------------

    def load_organisation(self, people):
        for item in people["positions"]:
            Position.objects.update_or_create(code=item["code"], defaults=_translations("name", item["name"]))
        provinces = {p.code: p for p in Province.objects.all()}
        for item in people["offices"]:
            Office.objects.update_or_create(
                code=item["code"],
                defaults={
                    "province": provinces[item["province"]],
                    "kind": item["kind"],
                    **_translations("name", item["name"]),
                },
            )

    def load_users(self, people):
        countries = {c.code: c for c in Country.objects.all()}
        provinces = {p.code: p for p in Province.objects.all()}
        offices = {o.code: o for o in Office.objects.all()}
        positions = {p.code: p for p in Position.objects.all()}
        users = {}
        for item in people["users"]:
            profile = {
                "name_native": item.get("name_native", ""),
                "sex": item["sex"],
                "disability": item.get("disability", ""),
                "country": countries[item["country"]],
                "province": provinces[item["province"]],
                "office": offices.get(item.get("office")),
                "position": positions.get(item.get("position")),
                "employee_id": item.get("employee_id") or None,
            }
            user = User.objects.filter(username=item["username"]).first()
            if user is None:
                user = create_staff(
                    username=item["username"],
                    password=item["password"],
                    email=item.get("email", ""),
                    first_name=item.get("first_name", ""),
                    last_name=item.get("last_name", ""),
                    preferred_language=item.get("language", ""),
                    profile=profile,
                )
            else:
                StaffProfile.objects.update_or_create(user=user, defaults=profile)
            for role in item.get("roles", []):
                grant_role(
                    user=user,
                    role=Role(role["role"]),
                    country=countries.get(role.get("country")),
                    province=provinces.get(role.get("province")),
                )
            users[item["username"]] = user
        return users

    # Courses ---------------------------------------------------------------------------

    def load_courses(self, data):
        catalog = CatalogPage.objects.first()
        for field, values in (("title", CATALOG_TITLES), ("intro", CATALOG_INTRO)):
            for key, value in _translations(field, values).items():
                setattr(catalog, key, value)
        catalog.save()
        courses = []
        for item in data["courses"]:
            courses.append(self.load_course(catalog, item))
        return courses

    def _child(self, parent, model, slug, fields):
        page = model.objects.child_of(parent).filter(slug=slug).first()
        if page is None:
            page = model(slug=slug, **fields)
            parent.add_child(instance=page)
        else:
            for key, value in fields.items():
                setattr(page, key, value)
            page.save()
        return page

    def load_course(self, catalog, item):
        complete_in = {lang for lang in LANGS if self._fully_translated(item, lang)}
        outcomes = {
            lang: "<ul>" + "".join(f"<li>{escape(o[lang])}</li>" for o in item["outcomes"] if o.get(lang)) + "</ul>"
            for lang in LANGS
        }
        course = self._child(
            catalog,
            CoursePage,
            item["slug"],
            {
                **_translations("title", item["title"]),
                **_translations("summary", item["summary"]),
                **_translations("learning_outcomes", outcomes),
                "tier": item.get("tier", "self_paced"),
                "duration_hours": Decimal(str(item["duration_hours"])),
                "languages": [lang for lang in ("km", "lo", "en") if lang in complete_in],
            },
        )
        for module_item in item["modules"]:
            module = self._child(
                course,
                ModulePage,
                module_item["slug"],
                {
                    **_translations("title", module_item["title"]),
                    **_translations("intro", module_item["intro"]),
                },
            )
            for lesson_item in module_item["lessons"]:
                self._child(
                    module,
                    LessonPage,
                    lesson_item["slug"],
                    {
                        **_translations("title", lesson_item["title"]),
                        "duration_minutes": lesson_item.get("minutes", 10),
                        **self._lesson_bodies(lesson_item["blocks"]),
                    },
                )
        return course

    def _lesson_bodies(self, blocks):
        bodies = {}
        for lang in LANGS:
            stream = []
            for block in blocks:
                text = block["text"].get(lang)
                if not text:
                    continue
                if block["type"] == "callout":
                    stream.append(
                        {"type": "callout", "value": {"kind": block.get("kind", "tip"), "text": _paragraph_html(text)}}
                    )
                else:
                    stream.append({"type": "paragraph", "value": _paragraph_html(text)})
            bodies[f"body_{lang}"] = stream
        bodies["body"] = bodies["body_en"]
        return bodies

    def _fully_translated(self, item, lang):
        for module in item["modules"]:
            for lesson in module["lessons"]:
                if not lesson["title"].get(lang) or any(not b["text"].get(lang) for b in lesson["blocks"]):
                    return False
        return True

    # Progress --------------------------------------------------------------------------

    def load_progress(self, users, courses):
        """Believable progress: some lessons done, some courses completed, spread over the staff."""
        plans = {"learner.kh": [(0, 4)], "learner.lo": [(1, None), (0, 2)], "learner.en": [(2, 3)]}
        extra = [name for name in users if name.startswith("staff.")]
        for index, name in enumerate(sorted(extra)):
            plans[name] = [(index % len(courses), None if index % 3 == 0 else (index % 7) + 1)]
        for name, items in plans.items():
            user = users.get(name)
            if user is None:
                continue
            for course_index, lessons_done in items:
                course = courses[course_index % len(courses)]
                enrolment = get_or_create_enrolment(learner=user, course=course)
                lessons = course_lessons(course)
                for lesson in lessons[: lessons_done if lessons_done is not None else len(lessons)]:
                    complete_lesson(enrolment=enrolment, lesson=lesson)

    def print_logins(self, people):
        self.stdout.write("\nDemo logins (user name / password):")
        for item in people["users"]:
            if item["username"].startswith("staff."):
                continue
            roles = ", ".join(r["role"] for r in item.get("roles", []))
            self.stdout.write(f"  {item['username']:<18} {item['password']:<24} {roles}")
        self.stdout.write("  (and staff.kh.01 … staff.lo.12, password demo-staff-kh-01 …)\n")
