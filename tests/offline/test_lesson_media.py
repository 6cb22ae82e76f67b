"""Light lesson media: images at phone-sized renditions in WebP, lazy-loaded (saved with the course by
the page script); a video shows its transcript, links to the lighter files the editor gave, and
says that the video itself is not saved for offline."""

import io

import pytest
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from PIL import Image as PILImage
from wagtail.documents import get_document_model
from wagtail.embeds.embeds import get_embed_hash
from wagtail.embeds.models import Embed
from wagtail.images import get_image_model

from courses.services import enrol

from ..factories import lessons_of, make_course, make_staff

pytestmark = pytest.mark.django_db

VIDEO = "https://www.youtube.com/watch?v=offline-demo"


def png(width, height):
    buffer = io.BytesIO()
    PILImage.new("RGB", (width, height), (11, 79, 138)).save(buffer, "PNG")
    return ImageFile(io.BytesIO(buffer.getvalue()), name="photo.png")


def lesson_with_media(client, *, lighter):
    learner = make_staff(username="viewer", preferred_language="km")
    course = make_course(modules=1, lessons=1)
    enrol(learner=learner, course=course)
    client.force_login(learner)
    image = get_image_model().objects.create(title="Job fair", file=png(2400, 1600))
    Embed.objects.create(url=VIDEO, hash=get_embed_hash(VIDEO), html='<iframe title="video"></iframe>', type="video")
    video = {"video": VIDEO, "title": "Interview", "transcript": "ប្រតិចារិក", "smaller_version": None, "audio": None}
    if lighter:
        documents = get_document_model()
        video["smaller_version"] = documents.objects.create(
            title="360p", file=ContentFile(b"0" * 2048, name="v.mp4"), file_size=2048
        ).pk
        video["audio"] = documents.objects.create(
            title="Sound", file=ContentFile(b"0" * 1024, name="v.mp3"), file_size=1024
        ).pk
    lesson = lessons_of(course)[0]
    lesson.body_km = [
        {"type": "image", "value": {"image": image.pk, "alt_text": "ពិព័រណ៍ការងារ", "caption": ""}},
        {"type": "video", "value": video},
    ]
    lesson.save()
    return lesson, course


def url_of(lesson, course):
    return f"/km{lesson.url_path[len(course.get_parent().url_path) - 1 :]}"


def test_an_image_is_a_lazy_webp_rendition_no_wider_than_a_phone_needs(client):
    lesson, course = lesson_with_media(client, lighter=False)
    html = client.get(url_of(lesson, course)).content.decode()
    figure = html[html.index('<figure class="lesson-figure">') :]
    img = figure[figure.index("<img") : figure.index(">", figure.index("<img"))]
    assert 'loading="lazy"' in img and 'alt="ពិព័រណ៍ការងារ"' in img
    assert ".webp 400w" in img and ".webp 800w" in img and "sizes=" in img
    assert "2400" not in img  # never the original


def test_a_video_shows_its_transcript_and_its_lighter_versions_and_is_not_saved(client):
    lesson, course = lesson_with_media(client, lighter=True)
    html = client.get(url_of(lesson, course)).content.decode()
    assert 'data-testid="video-transcript">ប្រតិចារិក' in html
    assert 'data-testid="video-smaller"' in html and 'data-testid="video-audio"' in html
    # the learner sees how big each download is
    assert 'data-testid="video-smaller">វីដេអូកំណែតូចជាង</a> <span class="muted">(2' in html
    assert "ទាញយកវីដេអូកំណែតូចជាង" in html  # why the video is not saved, in Khmer


def test_a_video_without_lighter_versions_says_only_its_transcript_is_saved(client):
    lesson, course = lesson_with_media(client, lighter=False)
    html = client.get(url_of(lesson, course)).content.decode()
    assert 'data-testid="video-smaller"' not in html
    assert "អត្ថបទប្រតិចារិករបស់វាត្រូវបានរក្សាទុក" in html
