"""Read a SCORM package's `imsmanifest.xml`: version, the SCOs to launch, mastery and thresholds.

Parsed with defusedxml (no entities, no external references). Elements are matched by their local
name, so SCORM 1.2 (imscp_rootv1p1p2 + adlcp_rootv1p2) and SCORM 2004 (imscp_v1p1 + adlcp_v1p3 +
imsss) manifests are read by one walk. Every launchable SCO of the default organisation is kept,
in the organisation's order (depth first), each with its own mastery score or thresholds; the
lesson plays them as a sequence (previous/next), each with its own runtime data, and completes
when every one of them is done (runtime.decide). SCORM 2004 sequencing rules beyond that default
order (choice and flow controls, rollup rules, preconditions) are not run.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from defusedxml import ElementTree
from defusedxml.common import DefusedXmlException
from django.utils.translation import gettext as _

from core.errors import InvalidInput

from .paths import safe_relative_path

VERSION_12 = "1.2"
VERSION_2004 = "2004"
MAX_MANIFEST_BYTES = 2 * 1024 * 1024
MAX_SCOS = 100


@dataclass(frozen=True)
class Sco:
    """One launchable SCO: its item identifier in the manifest, title, launch file and rules."""

    identifier: str
    title: str
    launch_href: str
    mastery_score: Decimal | None = None  # SCORM 1.2, 0–100
    scaled_passing_score: Decimal | None = None  # SCORM 2004, −1…1
    completion_threshold: Decimal | None = None  # SCORM 2004, 0…1

    def as_json(self) -> dict:
        return {
            "identifier": self.identifier,
            "title": self.title,
            "launch_href": self.launch_href,
            **{
                name: None if getattr(self, name) is None else str(getattr(self, name))
                for name in ("mastery_score", "scaled_passing_score", "completion_threshold")
            },
        }


@dataclass(frozen=True)
class Manifest:
    version: str
    title: str
    scos: tuple[Sco, ...]

    # The first SCO's launch and rules: what a single-SCO package is described by.
    @property
    def launch_href(self) -> str:
        return self.scos[0].launch_href

    @property
    def mastery_score(self) -> Decimal | None:
        return self.scos[0].mastery_score

    @property
    def scaled_passing_score(self) -> Decimal | None:
        return self.scos[0].scaled_passing_score

    @property
    def completion_threshold(self) -> Decimal | None:
        return self.scos[0].completion_threshold


def _local(tag) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _namespace(tag) -> str:
    return tag[1:].split("}", 1)[0] if isinstance(tag, str) and tag.startswith("{") else ""


def _attr(element, name) -> str | None:
    for key, value in element.attrib.items():
        if _local(key).lower() == name.lower():
            return value
    return None


def _children(element, name):
    return [child for child in element if _local(child.tag) == name]


def _child(element, name):
    found = _children(element, name)
    return found[0] if found else None


def _text(element) -> str:
    return (element.text or "").strip() if element is not None else ""


def _decimal(value: str, low: Decimal, high: Decimal) -> Decimal | None:
    try:
        number = Decimal(value.strip())
    except (InvalidOperation, AttributeError):
        return None
    if not number.is_finite() or not low <= number <= high:
        return None
    return number


def _version(root) -> str:
    schema_version = ""
    metadata = _child(root, "metadata")
    if metadata is not None:
        schema_version = _text(_child(metadata, "schemaversion"))
    if schema_version == "1.2":
        return VERSION_12
    if "2004" in schema_version or schema_version.startswith("CAM 1.3"):
        return VERSION_2004
    namespaces = {_namespace(element.tag) for element in root.iter()}
    namespaces |= {_namespace(key) for element in root.iter() for key in element.attrib}
    if any("adlcp_v1p3" in ns or "imsss" in ns for ns in namespaces):
        return VERSION_2004
    if any("adlcp_rootv1p2" in ns or "imscp_rootv1p1p2" in ns for ns in namespaces):
        return VERSION_12
    raise InvalidInput(_("This is not a SCORM 1.2 or SCORM 2004 package: its manifest names no SCORM version."))


def _items(element):
    """Items of an organisation in document order (depth first)."""
    for item in _children(element, "item"):
        yield item
        yield from _items(item)


def parse_manifest(data: bytes, files: set[str]) -> Manifest:
    """The package's manifest, or InvalidInput saying what is missing. `files` are the zip's file names."""
    if len(data) > MAX_MANIFEST_BYTES:
        raise InvalidInput(_("The package's imsmanifest.xml is too large."))
    try:
        root = ElementTree.fromstring(data, forbid_dtd=True)
    except (ElementTree.ParseError, DefusedXmlException, ValueError):
        raise InvalidInput(_("The package's imsmanifest.xml is not valid XML.")) from None
    if _local(root.tag) != "manifest":
        raise InvalidInput(_("The package's imsmanifest.xml has no manifest element."))
    version = _version(root)

    organizations = _child(root, "organizations")
    all_organizations = _children(organizations, "organization") if organizations is not None else []
    if not all_organizations:
        raise InvalidInput(_("The package's manifest has no organisation (no course structure)."))
    default = _attr(organizations, "default")
    organization = next((o for o in all_organizations if _attr(o, "identifier") == default), all_organizations[0])

    resources_element = _child(root, "resources")
    resources = {}
    if resources_element is not None:
        for resource in _children(resources_element, "resource"):
            resources[_attr(resource, "identifier")] = resource

    scos = []
    for item in _items(organization):
        resource = resources.get(_attr(item, "identifierref"))
        if resource is None:
            continue
        kind = (_attr(resource, "scormtype") or "").lower()
        if kind == "sco" and _attr(resource, "href"):
            scos.append((item, resource))
    if not scos:
        raise InvalidInput(
            _("The package's manifest has no launchable SCO (a resource of SCORM type sco with a file).")
        )
    if len(scos) > MAX_SCOS:
        raise InvalidInput(
            _("This package has %(count)d SCOs; a lesson can play at most %(max)d.")
            % {"count": len(scos), "max": MAX_SCOS}
        )
    title = _text(_child(organization, "title")) or _text(_child(scos[0][0], "title"))
    read = [_sco(item, resource, version, files, number) for number, (item, resource) in enumerate(scos, 1)]
    if len({sco.identifier for sco in read}) != len(read):
        raise InvalidInput(_("Two SCOs of the package's manifest have the same identifier."))
    return Manifest(version=version, title=title[:255], scos=tuple(read))


def _sco(item, resource, version, files, number) -> Sco:
    base = (_attr(resource, "base") or "").strip()
    href = base + _attr(resource, "href").strip()
    file_part = href.split("#", 1)[0].split("?", 1)[0]
    path = safe_relative_path(file_part)
    if path is None or path not in files:
        raise InvalidInput(_("The SCO's launch file %(href)s is not in the package.") % {"href": file_part[:200]})
    launch = href
    parameters = (_attr(item, "parameters") or "").strip()
    if parameters and "#" not in launch:
        launch += ("&" if "?" in launch else "?") + parameters.lstrip("?&")
    identifier = (_attr(item, "identifier") or "").strip()[:255] or f"sco-{number}"
    sco = {"identifier": identifier, "title": _text(_child(item, "title"))[:255], "launch_href": launch[:1000]}
    if version == VERSION_12:
        mastery = _text(_child(item, "masteryscore"))
        if mastery:
            sco["mastery_score"] = _decimal(mastery, Decimal(0), Decimal(100))
    else:
        threshold = _child(item, "completionThreshold")
        if threshold is not None:
            by_measure = (_attr(threshold, "completedByMeasure") or "").lower() == "true"
            value = _attr(threshold, "minProgressMeasure") if by_measure else _text(threshold)
            if value:
                sco["completion_threshold"] = _decimal(value, Decimal(0), Decimal(1))
        sequencing = _child(item, "sequencing")
        objectives = _child(sequencing, "objectives") if sequencing is not None else None
        primary = _child(objectives, "primaryObjective") if objectives is not None else None
        if primary is not None and (_attr(primary, "satisfiedByMeasure") or "").lower() == "true":
            measure = _text(_child(primary, "minNormalizedMeasure")) or "1.0"
            sco["scaled_passing_score"] = _decimal(measure, Decimal(-1), Decimal(1))
    return Sco(**sco)
