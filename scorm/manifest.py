"""Read a SCORM package's `imsmanifest.xml`: version, the SCO to launch, mastery and thresholds.

Parsed with defusedxml (no entities, no external references). Elements are matched by their local
name, so SCORM 1.2 (imscp_rootv1p1p2 + adlcp_rootv1p2) and SCORM 2004 (imscp_v1p1 + adlcp_v1p3 +
imsss) manifests are read by one walk. Only single-SCO packages are played in a lesson: a lesson
completes once, so a package whose SCOs complete separately would need sequencing we do not run.
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


@dataclass(frozen=True)
class Manifest:
    version: str
    title: str
    launch_href: str
    mastery_score: Decimal | None = None  # SCORM 1.2, 0–100
    scaled_passing_score: Decimal | None = None  # SCORM 2004, −1…1
    completion_threshold: Decimal | None = None  # SCORM 2004, 0…1


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
    if len(scos) > 1:
        raise InvalidInput(
            _("This package has %(count)d SCOs; a lesson can play a package with exactly one SCO.")
            % {"count": len(scos)}
        )
    item, resource = scos[0]

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

    title = _text(_child(organization, "title")) or _text(_child(item, "title"))
    manifest = {"version": version, "title": title[:255], "launch_href": launch[:1000]}
    if version == VERSION_12:
        mastery = _text(_child(item, "masteryscore"))
        if mastery:
            manifest["mastery_score"] = _decimal(mastery, Decimal(0), Decimal(100))
    else:
        threshold = _child(item, "completionThreshold")
        if threshold is not None:
            by_measure = (_attr(threshold, "completedByMeasure") or "").lower() == "true"
            value = _attr(threshold, "minProgressMeasure") if by_measure else _text(threshold)
            if value:
                manifest["completion_threshold"] = _decimal(value, Decimal(0), Decimal(1))
        sequencing = _child(item, "sequencing")
        objectives = _child(sequencing, "objectives") if sequencing is not None else None
        primary = _child(objectives, "primaryObjective") if objectives is not None else None
        if primary is not None and (_attr(primary, "satisfiedByMeasure") or "").lower() == "true":
            measure = _text(_child(primary, "minNormalizedMeasure")) or "1.0"
            manifest["scaled_passing_score"] = _decimal(measure, Decimal(-1), Decimal(1))
    return Manifest(**manifest)
