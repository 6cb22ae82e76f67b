"""Tables shown on the HR pages and exported as they are shown: one definition, three formats.

A Table holds plain values (numbers, text) and, per cell, an optional link to the people behind
the figure and a CSS class (heatmap colour). HTML renders it; `export_of` hands its values to
core.exports, which writes CSV and XLSX (formula-safe, with title rows saying what, scope, filters
and date).
"""

from dataclasses import dataclass, field
from datetime import date

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from core.exports import Export


@dataclass
class Cell:
    value: object
    href: str = ""
    css: str = ""
    label: str = ""  # what the cell shows when it differs from its exported value, e.g. "63% (12/19)"

    def __str__(self):
        if self.label:
            return self.label
        if self.value is None:
            return ""
        if isinstance(self.value, float):
            # One number format per language: "55,6" in Khmer everywhere, never "33.3" beside it.
            return number_format(self.value, 1)
        if isinstance(self.value, int) and not isinstance(self.value, bool):
            return number_format(self.value)
        return str(self.value)


@dataclass
class Table:
    key: str
    title: str
    columns: list
    rows: list = field(default_factory=list)  # each row: a list of Cell, the first one the row header
    caption: str = ""
    sexed_columns: dict = field(default_factory=dict)  # column index → "female" / "male"
    row_sexes: list = field(default_factory=list)  # per row: "female", "male" or None (both, or total)

    def add(self, *cells, sex=None):
        self.rows.append([cell if isinstance(cell, Cell) else Cell(cell) for cell in cells])
        self.row_sexes.append(sex)

    def keep_sex(self, sex):
        """With one sex chosen in the filters, drop the other sex's columns and rows (they are all zero)."""
        if not sex:
            return self
        drop = {index for index, other in self.sexed_columns.items() if other != sex}
        self.columns = [column for index, column in enumerate(self.columns) if index not in drop]
        kept = [
            (row, row_sex) for row, row_sex in zip(self.rows, self.row_sexes, strict=True) if row_sex in (None, sex)
        ]
        self.rows = [[cell for index, cell in enumerate(row) if index not in drop] for row, _sex in kept]
        self.row_sexes = [row_sex for _row, row_sex in kept]
        self.sexed_columns = {}
        return self


def _export_value(cell):
    value = cell.value
    if value is None:
        return ""
    if isinstance(value, int | float):
        return value
    return str(value)


def describe_scope(scope):
    """(words, ASCII slug) for whose data an export holds: the planner's countries and provinces."""
    from people.models import Country, Province

    if scope.everywhere:
        return _("All countries"), "all"
    places = list(Country.objects.filter(pk__in=scope.country_ids).order_by("code")) + list(
        Province.objects.filter(pk__in=scope.province_ids).order_by("code")
    )
    return ", ".join(place.name for place in places), "-".join(place.code.lower() for place in places)[:60]


def _filter_value(value):
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def export_of(table, user, form=None):
    """The table as a core.exports.Export: its title, the viewer's scope, the filters chosen, today."""
    from .policies import hr_scope

    scope, slug = describe_scope(hr_scope(user))
    filters = []
    if form is not None and form.is_bound and form.is_valid():
        for name, form_field in form.fields.items():
            value = form.cleaned_data.get(name)
            if value in (None, ""):
                continue
            if hasattr(form_field, "choices") and not hasattr(value, "pk"):
                value = dict(form_field.choices).get(value, value)
            filters.append((str(form_field.label), _filter_value(value)))
    return Export(
        key=table.key,
        title=str(table.title),
        columns=[str(column) for column in table.columns],
        rows=[[_export_value(cell) for cell in row] for row in table.rows],
        scope=scope,
        scope_slug=slug,
        filters=filters,
    )


def heat_class(share):
    """A colour band for a share 0..1; the number is always printed too (colour is never the only cue)."""
    if share is None:
        return "heat-none"
    for limit, name in ((0.25, "heat-0"), (0.5, "heat-1"), (0.75, "heat-2")):
        if share < limit:
            return name
    return "heat-3"
