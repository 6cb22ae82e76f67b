"""The StreamField blocks a lesson body is made of: one StreamBlock reused by every lesson."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock
from wagtail.snippets.blocks import SnippetChooserBlock


class ImageBlock(blocks.StructBlock):
    """An image with the alternative text a screen reader reads out."""

    image = ImageChooserBlock()
    alt_text = blocks.CharBlock(
        label=_("Alternative text"), help_text=_("What the image shows, for people who cannot see it.")
    )
    caption = blocks.CharBlock(required=False)

    class Meta:
        icon = "image"
        template = "courses/blocks/image.html"


class VideoBlock(blocks.StructBlock):
    """An embedded video with an optional transcript for people who cannot hear or play it, and
    optional lighter files (a smaller version, the sound alone) for people on slow or costly data."""

    video = EmbedBlock(help_text=_("Link to the video (for example on YouTube or Vimeo)."))
    title = blocks.CharBlock(required=False)
    transcript = blocks.TextBlock(required=False, help_text=_("Text of what is said in the video."))
    smaller_version = DocumentChooserBlock(
        required=False,
        label=_("Smaller version"),
        help_text=_("A smaller video file (for example 360p MP4) for learners on mobile data."),
    )
    audio = DocumentChooserBlock(
        required=False, label=_("Audio only"), help_text=_("The sound of the video alone (for example MP3).")
    )

    class Meta:
        icon = "media"
        template = "courses/blocks/video.html"


class DocumentBlock(blocks.StructBlock):
    """A file the learner downloads, such as a handout or a form."""

    document = DocumentChooserBlock()
    label = blocks.CharBlock(required=False, help_text=_("Shown instead of the file's title."))

    class Meta:
        icon = "doc-full"
        template = "courses/blocks/document.html"


class CalloutBlock(blocks.StructBlock):
    """A highlighted tip, note or warning."""

    kind = blocks.ChoiceBlock(
        choices=[("tip", _("Tip")), ("note", _("Note")), ("warning", _("Warning"))], default="tip"
    )
    text = blocks.RichTextBlock(features=["bold", "italic", "link", "ul", "ol"])

    class Meta:
        icon = "help"
        template = "courses/blocks/callout.html"


class LessonStreamBlock(blocks.StreamBlock):
    paragraph = blocks.RichTextBlock(
        features=["h2", "h3", "bold", "italic", "link", "ol", "ul"],
        icon="pilcrow",
        template="courses/blocks/paragraph.html",
    )
    image = ImageBlock()
    video = VideoBlock()
    document = DocumentBlock()
    callout = CalloutBlock()
    scorm = SnippetChooserBlock("scorm.ScormPackage", label="SCORM", icon="media", template="scorm/blocks/player.html")
