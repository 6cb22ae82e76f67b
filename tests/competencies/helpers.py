"""A small competency framework and a seeded set of staff with completions, for the HR tests."""

from datetime import timedelta

from django.utils import timezone

from competencies.models import Competency, CompetencyArea, CourseCompetency, PositionRequirement, ProficiencyLevel
from courses.models import Enrolment
from people.models import Position, Role

from ..factories import make_course, make_staff


def make_framework():
    area = CompetencyArea.objects.create(code="serving", name="Serving", name_km="សេវា", name_lo="ບໍລິການ")
    levels = {
        rank: ProficiencyLevel.objects.create(rank=rank, code=f"l{rank}", name=f"Level {rank}") for rank in (1, 2, 3)
    }
    counselling = Competency.objects.create(area=area, code="counselling", name="Counselling", sort_order=1)
    lmi = Competency.objects.create(area=area, code="lmi", name="Labour market information", sort_order=2)
    counsellor = Position.objects.create(code="counsellor", name="Counsellor")
    chief = Position.objects.create(code="chief", name="Chief")
    PositionRequirement.objects.create(position=counsellor, competency=counselling, level=levels[2])
    PositionRequirement.objects.create(position=counsellor, competency=lmi, level=levels[1])
    PositionRequirement.objects.create(position=chief, competency=lmi, level=levels[2])
    return {"levels": levels, "counselling": counselling, "lmi": lmi, "counsellor": counsellor, "chief": chief}


def link_course(course, competency, level, months=None):
    return CourseCompetency.objects.create(course=course, competency=competency, level=level, validity_months=months)


def complete(user, course, when=None):
    """A completed enrolment (as the completion rule would leave it), without the event."""
    enrolment, _created = Enrolment.objects.get_or_create(learner=user, course=course)
    enrolment.completed_at = when or timezone.now()
    enrolment.save(update_fields=["completed_at"])
    return enrolment


def planner(*, province=None, country=None, **kwargs):
    from people.models import Country, Province
    from people.services import grant_role

    user = make_staff(roles=(), **kwargs)
    if not province and not country:
        # A planner role without a place reaches no one; the HR view of everywhere is an administrator's.
        grant_role(user=user, role=Role.ADMINISTRATOR)
        return user
    grant_role(
        user=user,
        role=Role.HR_PLANNER,
        country=Country.objects.get(code=country) if country else None,
        province=Province.objects.get(code=province) if province else None,
    )
    return user


def seed(framework, *, size=1):
    """Staff in two Cambodian provinces and one Lao province, both sexes, some with disabilities,
    completions in several tiers (one outside the period), and grants from two courses."""
    from competencies.services import grant_for_enrolment

    now = timezone.now()
    self_paced = make_course(modules=1, lessons=1)
    tot = make_course(modules=1, lessons=1, tier="tot")
    link_course(self_paced, framework["counselling"], framework["levels"][2])
    link_course(tot, framework["lmi"], framework["levels"][2])
    people = []
    specs = [
        ("KH", "KH-12", "female", "none", "counsellor"),
        ("KH", "KH-12", "male", "visual", "counsellor"),
        ("KH", "KH-17", "female", "", "chief"),
        ("KH", "KH-17", "male", "none", "counsellor"),
        ("LA", "LA-SV", "female", "hearing", "counsellor"),
        ("LA", "LA-SV", "male", "none", "chief"),
    ]
    for _round in range(size):
        for index, (country, province, sex, disability, position) in enumerate(specs):
            user = make_staff(country=country, province=province, sex=sex, disability=disability)
            profile = user.staff_profile
            profile.position = framework[position]
            profile.save(update_fields=["position"])
            people.append(user)
            if index % 2 == 0:
                grant_for_enrolment(enrolment=complete(user, self_paced, now - timedelta(days=10)))
            if index in (2, 3, 5):
                grant_for_enrolment(enrolment=complete(user, tot, now - timedelta(days=3)))
            if index == 1:
                complete(user, tot, now - timedelta(days=400))  # outside a one-year period
    return {"people": people, "self_paced": self_paced, "tot": tot}


def exported_rows(response):
    """The header and data rows of a CSV export (core.exports puts title rows and a blank row above)."""
    import csv
    import io

    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    return rows[rows.index([]) + 1 :]


PAIRS = [("Female", "Male"), ("Registered: female", "Registered: male"), ("Missing: female", "Missing: male")]


def with_both_sexes(rows):
    """Rows of a table filtered to one sex, with the other sex's column put back as zeros.

    With one sex chosen the export drops the other sex's columns (always zero); tests that check
    every figure against the records compare the full width.
    """
    header = rows[0]
    for female, male in PAIRS:
        if female in header and male not in header:
            at = header.index(female) + 1
            rows = [row[:at] + [header_or_zero(male, index)] + row[at:] for index, row in enumerate(rows)]
            header = rows[0]
        elif male in header and female not in header:
            at = header.index(male)
            rows = [row[:at] + [header_or_zero(female, index)] + row[at:] for index, row in enumerate(rows)]
            header = rows[0]
    return rows


def header_or_zero(name, index):
    return name if index == 0 else "0"


def exported_sheet(response):
    """The same for an XLSX export: (title rows, header and data rows)."""
    import io

    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    blank = next(i for i, row in enumerate(rows) if not any(v not in (None, "") for v in row))
    return rows[:blank], rows[blank + 1 :]
