"""Searching Khmer and Lao: whole words found inside sentences written without spaces, never a piece
of two words; the same rows on PostgreSQL (full-text search) and SQLite (token LIKE).

This module runs on whichever database DATABASE_URL names: CI runs it on PostgreSQL, `make test`
without DATABASE_URL on SQLite. On PostgreSQL `test_full_text_search_and_the_portable_path_agree`
also compares both paths on the same rows.
"""

import pytest
from django.contrib.auth.models import AnonymousUser, Group
from django.core.management import call_command
from django.test import RequestFactory
from wagtail.models import PageViewRestriction

from courses.models import LessonPage
from search import segmentation
from search.models import SearchDocument
from search.selectors import content_results, highlight, language_order, matching

from ..factories import is_postgres, lessons_of, make_course, make_staff
from .conftest import KHMER, LAO, publish_body

pytestmark = pytest.mark.django_db


def _request(user=None, session=None):
    request = RequestFactory().get("/")
    request.user = user or AnonymousUser()
    request.session = session or {}
    return request


def found(query, *, user=None, language="km", request=None):
    """[(kind, language, page id)] of what a reader finds, in order."""
    request = request or _request(user)
    rows = content_results(request, segmentation.words(query), language)
    return [(row.kind, row.language, row.page_id) for row in rows]


@pytest.fixture
def reader(db):
    return make_staff(username="reader", preferred_language="km")


def test_a_khmer_word_inside_a_sentence_without_spaces_is_found(jobs_course, reader):
    lesson = lessons_of(jobs_course)[0]
    assert found("ការងារ", user=reader) == [("lesson", "km", lesson.pk)]
    assert found("ភ្នំពេញ", user=reader) == [("lesson", "km", lesson.pk)]
    # Two words typed together, as Khmer is written, find the sentence that holds both.
    assert found("ស្វែងរកការងារ", user=reader) == [("lesson", "km", lesson.pk)]


def test_a_lao_word_inside_a_sentence_without_spaces_is_found(jobs_course, reader):
    lesson = lessons_of(jobs_course)[0]
    assert found("ວຽກ", user=reader, language="lo") == [("lesson", "lo", lesson.pk)]
    assert found("ວຽງຈັນ", user=reader, language="lo") == [("lesson", "lo", lesson.pk)]
    assert found("ຊອກຫາວຽກ", user=reader, language="lo") == [("lesson", "lo", lesson.pk)]


@pytest.mark.parametrize(
    "fragment, sentence",
    [
        ("រកការ", KHMER),  # the end of ស្វែងរក and the start of ការងារ
        ("ងារនៅ", KHMER),  # the end of ការងារ and នៅ
        ("ຫາວຽກ", LAO),  # the end of ຊອກຫາ and ວຽກ
        ("ກເຮັດ", LAO),  # the end of ວຽກ and ເຮັດ
    ],
)
def test_the_end_of_one_word_and_the_start_of_the_next_finds_nothing(jobs_course, reader, fragment, sentence):
    assert fragment in sentence  # a substring search would find it…
    assert SearchDocument.objects.filter(text__contains=fragment).exists()
    assert found(fragment, user=reader) == []  # …a word search does not


def test_part_of_a_word_is_not_the_word(jobs_course, reader):
    assert found("ការ", user=reader) == []  # ការ is the start of ការងារ, and a word of its own elsewhere
    assert found("ວຽງ", user=reader, language="lo") == []  # ວຽງ of ວຽງຈັນ


def test_english_words_are_found_whole_and_in_any_case(jobs_course, reader):
    lesson = lessons_of(jobs_course)[0]
    assert found("PHNOM penh", user=reader, language="en") == [("lesson", "en", lesson.pk)]
    assert found("pen", user=reader, language="en") == []


def test_the_readers_language_comes_first_and_a_page_is_shown_once(jobs_course, reader):
    first, second = lessons_of(jobs_course)
    publish_body(second, en="Interview skills.", km="ជំនាញសម្ភាសន៍ ការងារ។", lo="ວຽກ ທັກສະ")
    # "ວຽກ" is in the Lao text of both lessons: a Khmer reader gets them from Lao, labelled so.
    assert found("ວຽກ", user=reader, language="km") == [("lesson", "lo", first.pk), ("lesson", "lo", second.pk)]
    assert language_order("km") == ["km", "en", "lo"] and language_order("lo") == ["lo", "en", "km"]
    # A word both in English and in Khmer text of a page: one row, in the reader's language.
    publish_body(first, en="Phnom Penh job centre.", km=f"{KHMER} Phnom Penh")
    assert found("phnom", user=reader, language="km") == [("lesson", "km", first.pk)]
    assert found("phnom", user=reader, language="en") == [("lesson", "en", first.pk)]


def test_titles_rank_first_then_phrases(reader):
    course = make_course(modules=1, lessons=3)
    a, b, c = lessons_of(course)
    publish_body(a, km="ការងារ នៅ ទីនេះ ស្វែងរក")  # both words, apart
    publish_body(b, km=KHMER)  # both words side by side
    publish_body(c, km="ខ្លី។", title_km="ស្វែងរកការងារ")  # in the title
    assert [row[2] for row in found("ស្វែងរកការងារ", user=reader)] == [c.pk, b.pk, a.pk]


def test_unpublished_content_is_not_found_and_comes_back_when_published(jobs_course, reader):
    lesson = LessonPage.objects.get(pk=lessons_of(jobs_course)[0].pk)
    lesson.unpublish()
    assert found("ការងារ", user=reader) == []
    assert not SearchDocument.objects.filter(page=lesson).exists()
    lesson.save_revision().publish()
    assert found("ការងារ", user=reader) == [("lesson", "km", lesson.pk)]


def test_lessons_under_an_unpublished_module_are_not_found(jobs_course, reader):
    module = jobs_course.get_children().first().specific
    module.unpublish()
    assert found("ការងារ", user=reader) == []
    module.save_revision().publish()
    assert len(found("ការងារ", user=reader)) == 1


def test_a_draft_is_not_found_until_it_is_published(jobs_course, reader):
    lesson = LessonPage.objects.get(pk=lessons_of(jobs_course)[1].pk)
    lesson.body_km = [{"type": "paragraph", "value": "<p>សុវត្ថិភាព</p>"}]
    lesson.save_revision()  # a draft: the live page keeps its text
    assert found("សុវត្ថិភាព", user=reader) == []
    lesson.get_latest_revision().publish()
    assert found("សុវត្ថិភាព", user=reader) == [("lesson", "km", lesson.pk)]


def test_deleting_a_page_removes_it(jobs_course, reader):
    lesson = lessons_of(jobs_course)[0]
    lesson.delete()
    assert found("ការងារ", user=reader) == []


@pytest.mark.parametrize("kind", ["login", "password", "groups"])
def test_restricted_content_is_found_only_by_readers_who_pass_the_restriction(jobs_course, reader, kind):
    group = Group.objects.create(name="Counsellors")
    restriction = PageViewRestriction.objects.create(
        page=jobs_course, restriction_type=kind, password="s3cret" if kind == "password" else ""
    )
    if kind == "groups":
        restriction.groups.add(group)
    course_hit = [("course", "en", jobs_course.pk)]
    assert found("course", user=reader, language="en") == ([] if kind != "login" else course_hit)
    assert found("course", language="en") == []  # anonymous
    if kind == "groups":
        reader.groups.add(group)
        assert found("course", user=reader, language="en") == course_hit
    if kind == "password":
        session = {restriction.passed_view_restrictions_session_key: [restriction.pk]}
        assert found("course", request=_request(reader, session), language="en") == course_hit


def test_anonymous_readers_find_courses_not_lessons(jobs_course, reader):
    assert found("ការងារ") == []
    assert found("វគ្គ", language="km") == [("course", "km", jobs_course.pk)]


def test_the_passage_shows_the_match_escaped_and_marked(reader):
    course = make_course(modules=1, lessons=1)
    lesson = lessons_of(course)[0]
    filler = "ការណែនាំ " * 40
    publish_body(lesson, km=f"{filler}&lt;script&gt;alert(1)&lt;/script&gt; {KHMER} {filler}")
    document = SearchDocument.objects.get(page=lesson, language="km")
    passage = highlight(document.text, segmentation.words("ការងារ"), length=240)
    assert passage.matched
    assert "<mark>ការងារ</mark>" in passage.html
    assert "&lt;script&gt;" in passage.html and "<script>" not in passage.html
    assert passage.html.startswith("… ") and passage.html.endswith(" …")
    # Words typed together are marked as one passage.
    assert "<mark>ស្វែងរកការងារ</mark>" in highlight(document.text, segmentation.words("ស្វែងរកការងារ")).html


def test_the_rebuild_command_gives_the_same_index(jobs_course, reader):
    before = sorted(SearchDocument.objects.values_list("kind", "language", "page_id", "tokens"))
    SearchDocument.objects.all().delete()
    call_command("rebuild_search_index", stdout=open("/dev/null", "w"))
    after = sorted(SearchDocument.objects.values_list("kind", "language", "page_id", "tokens"))
    assert after == before and len(after) > 3


def _corpus_words():
    return sorted(
        {word for tokens in SearchDocument.objects.values_list("tokens", flat=True) for word in tokens.split()}
    )


@pytest.mark.skipif(not is_postgres(), reason="compares PostgreSQL's full-text search with the portable path")
def test_full_text_search_and_the_portable_path_agree(jobs_course, reader):
    """On PostgreSQL, to_tsvector('simple', tokens) @@ the query finds exactly the rows LIKE ' word ' finds."""
    course = make_course(modules=2, lessons=3)
    for index, lesson in enumerate(lessons_of(course)):
        publish_body(
            lesson,
            en=f"Café n°{index}: job-seekers' 1.5 x² e-mail@example.org",
            km=KHMER[index:],
            lo=LAO[: -index or None],
        )
    everything = SearchDocument.objects.all()
    queries = [[word] for word in _corpus_words()] + [["ស្វែងរក", "ការងារ"], ["ຊອກຫາ", "ວຽກ"], ["រក", "ការ"]]
    assert len(queries) > 30
    for words in queries:
        full_text = set(matching(everything, words).values_list("pk", flat=True))
        portable = set(matching(everything, words, portable=True).values_list("pk", flat=True))
        assert full_text == portable, words


def test_every_word_of_the_index_finds_its_own_rows(jobs_course, reader):
    """The same check on any database: each indexed word finds exactly the rows whose tokens hold it."""
    everything = SearchDocument.objects.all()
    for word in _corpus_words():
        expected = {pk for pk, tokens in everything.values_list("pk", "tokens") if f" {word} " in tokens}
        assert set(matching(everything, [word]).values_list("pk", flat=True)) == expected, word


@pytest.mark.skipif(not is_postgres(), reason="compares PostgreSQL's full-text search with the portable path")
def test_full_text_search_and_the_portable_path_agree_on_scrambled_text():
    """Stray marks, digits of three scripts, punctuation, mixed scripts: PostgreSQL reads our words as they are."""
    import random

    from courses.models import CatalogPage
    from search.segmentation import token_string

    rng = random.Random(16)
    pool = list(KHMER + LAO + "Café x² 1.5 ១២ ໑໒ e-mail@x.org İı ß -'’។៕.,!?\u200b\u17d2\u17cb\u0ecc") + [" "] * 6
    catalogue = CatalogPage.objects.first()
    rows = []
    for number in range(120):
        text = "".join(rng.choice(pool) for _ in range(rng.randint(5, 40)))
        rows.append(
            SearchDocument(
                kind="course", language=f"x{number}", page=catalogue, title="", text=text, tokens=token_string(text)
            )
        )
    SearchDocument.objects.bulk_create(rows)
    everything = SearchDocument.objects.all()
    for word in _corpus_words():
        full_text = set(matching(everything, [word]).values_list("pk", flat=True))
        assert full_text == set(matching(everything, [word], portable=True).values_list("pk", flat=True)), word


@pytest.mark.skipif(not is_postgres(), reason="PostgreSQL's GIN index")
def test_the_full_text_match_can_use_the_gin_index(jobs_course):
    from django.db import connection

    sql, params = matching(SearchDocument.objects.all(), ["ការងារ"]).query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # the test table is tiny: make the planner show its options
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "search_doc_tokens_gin" in plan, plan
