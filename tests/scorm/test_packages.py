"""Packages of both versions are read from their manifests; unsafe or non-SCORM zips are refused whole."""

import io
import struct
import zipfile

import pytest

from core.errors import InvalidInput
from scorm.models import ScormPackage
from scorm.services import create_package

from .conftest import MANIFEST_12, PAGE, make_zip, zip_12, zip_2004

pytestmark = pytest.mark.django_db


def test_a_single_sco_scorm_12_package_is_read_and_extracted(scorm_root):
    package = create_package(upload=zip_12())
    assert package.version == "1.2"
    assert package.title == "Single SCO 1.2"
    assert package.launch_href == "index.html"
    assert package.mastery_score == 80
    assert (scorm_root / str(package.content_key) / "index.html").read_text() == PAGE


def test_a_scorm_2004_package_with_default_sequencing_is_read(scorm_root):
    package = create_package(upload=zip_2004())
    assert package.version == "2004"
    assert package.launch_href == "content/start.html"
    assert float(package.scaled_passing_score) == 0.7
    assert float(package.completion_threshold) == 0.5
    assert (scorm_root / str(package.content_key) / "content" / "start.html").is_file()


def _refused(upload, scorm_root, words):
    with pytest.raises(InvalidInput) as refused:
        create_package(upload=upload)
    assert words in str(refused.value.message)
    assert ScormPackage.objects.count() == 0
    assert not scorm_root.exists() or not any(scorm_root.iterdir())  # nothing left on disk either
    return refused.value


def test_a_zip_with_a_parent_directory_entry_is_refused(scorm_root):
    upload = make_zip({"imsmanifest.xml": MANIFEST_12, "index.html": PAGE, "../../evil.html": "x"})
    _refused(upload, scorm_root, "unsafe file name")
    assert not (scorm_root.parent / "evil.html").exists()


@pytest.mark.parametrize("name", ["/etc/evil", "C:/evil.html", "a\\..\\evil.html", "a/./b.html", "a//b.html"])
def test_absolute_drive_and_backslash_names_are_refused(scorm_root, name):
    upload = make_zip({"imsmanifest.xml": MANIFEST_12, "index.html": PAGE, name: "x"})
    _refused(upload, scorm_root, "unsafe file name")


def test_a_symlink_entry_is_refused(scorm_root):
    link = zipfile.ZipInfo("index2.html")
    link.create_system = 3
    link.external_attr = (0o120777) << 16  # a symbolic link to /etc/passwd
    upload = make_zip({"imsmanifest.xml": MANIFEST_12, "index.html": PAGE, link: "/etc/passwd"})
    _refused(upload, scorm_root, "link or special file")


def test_a_zip_without_a_manifest_is_not_scorm(scorm_root):
    error = _refused(make_zip({"index.html": PAGE}), scorm_root, "no imsmanifest.xml")
    assert error.status == 400


def test_a_file_that_is_not_a_zip_is_refused(scorm_root):
    _refused(io.BytesIO(b"not a zip at all"), scorm_root, "not a zip file")


def _declare_size(data: bytes, size: int) -> bytes:
    """The zip with every central-directory entry declaring `size` uncompressed bytes."""
    data = bytearray(data)
    start = 0
    while (found := data.find(b"PK\x01\x02", start)) != -1:
        struct.pack_into("<I", data, found + 24, size)
        start = found + 4
    return bytes(data)


def test_a_huge_zip_is_refused_from_its_declared_sizes(scorm_root, settings):
    upload = io.BytesIO(_declare_size(zip_12().getvalue(), 4_000_000_000))
    _refused(upload, scorm_root, "too large")


def test_a_package_over_the_total_size_is_refused(scorm_root, settings):
    settings.SCORM_MAX_TOTAL_BYTES = 2000
    upload = make_zip({"imsmanifest.xml": MANIFEST_12, "index.html": PAGE, "big.txt": "x" * 3000})
    _refused(upload, scorm_root, "once unpacked")


def test_a_zip_bomb_is_refused_by_its_compression_ratio(scorm_root):
    upload = make_zip({"imsmanifest.xml": MANIFEST_12, "index.html": PAGE, "zeros.bin": b"\0" * (20 * 1024 * 1024)})
    _refused(upload, scorm_root, "compressed suspiciously well")


def test_too_many_files_are_refused(scorm_root, settings):
    settings.SCORM_MAX_FILES = 3
    files = {"imsmanifest.xml": MANIFEST_12, "index.html": PAGE, "a.txt": "a", "b.txt": "b"}
    _refused(make_zip(files), scorm_root, "files; the limit")


def test_a_manifest_without_a_launchable_sco_is_refused(scorm_root):
    manifest = MANIFEST_12.replace('href="index.html"', 'href="missing.html"')
    _refused(make_zip({"imsmanifest.xml": manifest, "index.html": PAGE}), scorm_root, "not in the package")


def test_a_manifest_with_an_entity_is_refused(scorm_root):
    manifest = '<?xml version="1.0"?><!DOCTYPE m [<!ENTITY x "y">]>' + MANIFEST_12.split("?>", 1)[1]
    _refused(make_zip({"imsmanifest.xml": manifest, "index.html": PAGE}), scorm_root, "not valid XML")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_deleting_a_package_removes_its_files(scorm_root):
    package = create_package(upload=zip_12())
    directory = scorm_root / str(package.content_key)
    assert directory.is_dir()
    package.delete()
    assert not directory.exists()
