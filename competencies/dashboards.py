"""The tables of the HR pages, built from selectors, each cell linked to the people behind it.

Views render these tables and the export view writes them as CSV or XLSX, so what a planner
downloads is exactly what they saw.
"""

from urllib.parse import urlencode

from django.urls import reverse
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from courses.models import Tier
from people.models import Sex

from . import selectors
from .tables import Cell, Table, heat_class

# Panels that read other apps (certificates issued, average knowledge gain from pre/post tests,
# upcoming cohorts and fill rates; see panels.py). Each is `func(scope, filters, links) -> Table | None`;
# register with @dashboard_panel("key"). They must keep to a fixed number of queries.
DASHBOARD_PANELS = {}


def dashboard_panel(key):
    def decorator(func):
        DASHBOARD_PANELS[key] = func
        return func

    return decorator


class Links:
    """Drill-down URLs that keep the current filters."""

    def __init__(self, filter_params):
        self.params = {key: value for key, value in filter_params.items() if value not in ("", None)}

    def people(self, **extra):
        params = {**self.params, **{k: v for k, v in extra.items() if v not in ("", None)}}
        return f"{reverse('competencies:people')}?{urlencode(params)}"


SEXED = {1: "female", 2: "male"}  # the columns _sex_columns puts after the row header


def panel(key, scope, filters, links):
    """One registered panel's table following the filters (None while the panel's app is missing)."""
    table = DASHBOARD_PANELS[key](scope, filters, links)
    return None if table is None else table.keep_sex(filters.sex)


def _sex_columns(first):
    return [first, Sex.FEMALE.label, Sex.MALE.label, _("Total")]


def _percent(share):
    return None if share is None else round(100 * share, 1)


def _sexed_row(table, label, figures, href=None, fmt=None):
    cells = [Cell(label)]
    for key in ("female", "male", "total"):
        value = figures[key]
        link = href(key) if href else ""
        cells.append(Cell(value, href=link, label=fmt(value) if fmt and value is not None else ""))
    table.add(*cells)


def dashboard_tables(scope, filters, links, *, panels=True):
    """The dashboard's summary and tiers tables, then the registered panels' (`panels=False`: not read)."""
    figures = selectors.dashboard_figures(scope, filters)

    def people(metric, **extra):
        return lambda key: links.people(metric=metric, sex="" if key == "total" else key, **extra)

    summary = Table("summary", _("Staff and training"), _sex_columns(_("Figure")), sexed_columns=SEXED)
    _sexed_row(summary, _("Staff"), figures["headcount"], people("staff"))
    _sexed_row(summary, _("Staff trained"), figures["trained"], people("trained"))
    _sexed_row(
        summary,
        _("Share of staff trained (%)"),
        {k: _percent(v) for k, v in figures["share_trained"].items()},
        people("trained"),
        fmt=lambda v: f"{number_format(v, 1)}%",
    )
    _sexed_row(
        summary,
        _("Training hours"),
        {k: float(v) for k, v in figures["hours"].items()},
        people("trained"),
        fmt=lambda v: number_format(v, 1),
    )
    _sexed_row(summary, _("Courses completed"), figures["completions"], people("completions"))

    tiers = Table("tiers", _("Completions by tier"), _sex_columns(_("Tier")), sexed_columns=SEXED)
    for tier in Tier:
        _sexed_row(tiers, tier.label, figures["by_tier"][tier], people("completions", tier=tier.value))
    tables = [panel(key, scope, filters, links) for key in DASHBOARD_PANELS] if panels else []
    return {
        "summary": summary.keep_sex(filters.sex),
        "tiers": tiers.keep_sex(filters.sex),
        "panels": [table for table in tables if table is not None],
        "figures": figures,
    }


def gap_tables(scope, filters, links, *, by="province"):
    competencies, groups, cells = selectors.gap_matrix(scope, filters, by=by)
    group_param = "office" if by == "office" else "province"
    heatmap = Table(
        "heatmap",
        _("Staff meeting each required competency, by office")
        if by == "office"
        else _("Staff meeting each required competency, by province"),
        [_("Competency")] + [group.name for group in groups],
        caption=_(
            "Each cell: share of staff whose position requires the competency and who hold it "
            "at the required level (people meeting / people required)."
        ),
    )
    for competency in competencies:
        row = [Cell(competency.name)]
        for group in groups:
            cell = cells.get((competency.pk, group.pk))
            if cell is None or not cell["required"]["total"]:
                row.append(Cell(None, css="heat-none", label="–"))
                continue
            met, required = cell["met"]["total"], cell["required"]["total"]
            share = met / required
            row.append(
                Cell(
                    round(100 * share, 1),
                    href=links.people(
                        metric="gap", competency=competency.pk, status="missing", **{group_param: group.pk}
                    ),
                    css=heat_class(share),
                    label=f"{number_format(round(100 * share), 0)}% ({met}/{required})",
                )
            )
        heatmap.add(*row)

    gaps = Table(
        "gaps",
        _("Largest gaps"),
        [
            _("Competency"),
            _("Province") if by == "province" else _("Office"),
            _("Staff required"),
            _("Missing: female"),
            _("Missing: male"),
            _("Missing: total"),
            _("Share meeting (%)"),
        ],
        sexed_columns={3: "female", 4: "male"},
    )
    for competency, group, cell, missing in selectors.largest_gaps(competencies, groups, cells):

        def href(sex, competency=competency, group=group):
            return links.people(
                metric="gap",
                competency=competency.pk,
                status="missing",
                sex=sex,
                **{group_param: group.pk if group else ""},
            )

        required = cell["required"]["total"]
        share = round(100 * cell["met"]["total"] / required, 1) if required else None
        gaps.add(
            Cell(competency.name),
            Cell(group.name if group else ""),
            Cell(required),
            Cell(missing["female"], href=href("female")),
            Cell(missing["male"], href=href("male")),
            Cell(missing["total"], href=href("")),
            Cell(share),
        )
    return {"heatmap": heatmap, "gaps": gaps.keep_sex(filters.sex)}


def people_table(profiles, person_url):
    table = Table(
        "people",
        _("Staff"),
        [_("Name"), _("Employee ID"), _("Sex"), _("Province"), _("Office"), _("Position"), _("Disability")],
    )
    for profile in profiles:
        table.add(
            Cell(profile.display_name, href=person_url(profile)),
            Cell(profile.employee_id or ""),
            Cell(profile.get_sex_display()),
            Cell(profile.province.name),
            Cell(profile.office.name if profile.office else ""),
            Cell(profile.position.name if profile.position else ""),
            Cell(profile.get_disability_display() if profile.disability else _("Not stated")),
        )
    return table
