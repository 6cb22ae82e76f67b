"""The search page: one box, results in the reader's language first, people for HR planners."""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.template.response import TemplateResponse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from core.errors import Forbidden

from . import selectors
from .forms import SearchForm
from .models import Kind
from .wagtail_hooks import person_url

PER_PAGE = 10


@dataclass(frozen=True)
class Result:
    kind: str
    title: str  # HTML: escaped, matches in <mark>
    url: str
    language: str
    context: str
    passage: str  # HTML: escaped, matches in <mark>
    other_language: bool


def search(request):
    reader_language = (get_language() or "en").split("-")[0]
    may_search_people = selectors.may_search_people(request.user)
    form = SearchForm(
        request.GET if "q" in request.GET or "kind" in request.GET else None, may_search_people=may_search_people
    )
    context = {"form": form, "may_search_people": may_search_people, "page": None, "results": []}
    if not form.is_bound:
        return TemplateResponse(request, "search/search.html", context)
    if not form.is_valid():
        return TemplateResponse(request, "search/search.html", context, status=400)
    people = form.cleaned_data["kind"] == "people"
    if people and not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if people and not may_search_people:
        raise Forbidden(_("Only HR planners can search for staff."))
    words = form.words
    if people:
        rows = selectors.people_results(request.user, words)
    else:
        rows = selectors.content_results(request, words, reader_language)
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    results = [_person(row, words) if people else _content(row, words, request, reader_language) for row in page]
    context.update(searched=True, page=page, results=results, people=people, query_string=_query_string(form))
    return TemplateResponse(request, "search/search.html", context)


def _content(document, words, request, reader_language):
    return Result(
        kind=Kind(document.kind).label,
        title=selectors.highlight(document.title, words).html,
        url=selectors.page_url(document, request),
        language=document.language,
        context=document.context,
        passage=selectors.passage(document, words).html,
        other_language=document.language != reader_language,
    )


def _person(document, words):
    profile = document.staff_profile
    where = [str(place) for place in (profile.position, profile.office, profile.province) if place is not None]
    return Result(
        kind=Kind.PERSON.label,
        title=selectors.highlight(document.title, words).html,
        url=person_url(profile),
        language="",
        context=" · ".join(where),
        passage="",
        other_language=False,
    )


def _query_string(form):
    params = {"q": form.cleaned_data["q"]}
    if form.cleaned_data["kind"]:
        params["kind"] = form.cleaned_data["kind"]
    return urlencode(params)
