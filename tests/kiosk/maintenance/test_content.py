"""Content: versions in use, catalogue folders on USB sticks, installing one safely."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from kiosk.atomic_files import install_folder, staging_folder
from kiosk.catalogue import CatalogueStore
from kiosk.config import Config
from kiosk.errors import CatalogueError
from kiosk.maintenance import content_versions, install_catalogue_from_folder, usb_folders
from tests.conftest import CATALOGUE_DIR


def _stick_catalogue(root: Path, version: str) -> Path:
    folder = root / "media" / "tech" / "STICK" / "catalogue"
    shutil.copytree(CATALOGUE_DIR, folder)
    manifest = folder / "manifest.toml"
    manifest.write_text(manifest.read_text(encoding="utf-8").replace('"2026.11.2"', f'"{version}"'),
                        encoding="utf-8")
    return folder


def _break(folder: Path) -> None:
    services = folder / "services.toml"
    services.write_text(services.read_text(encoding="utf-8").replace("description = ",
                                                                     "descripton = ", 1),
                        encoding="utf-8")


def test_built_in_catalogue_versions(config: Config) -> None:
    store = CatalogueStore(config.paths.active_catalogue)
    versions = content_versions(config, store)
    assert versions.catalogue_version == "2026.11.2"
    assert versions.catalogue_source == CATALOGUE_DIR
    assert not versions.from_server and versions.catalogue_origin == "built-in"
    assert versions.announcements_version is None
    holidays = store.current.holidays
    assert versions.holidays_until == max([*holidays.days_off, *holidays.working_days])
    assert versions.schedule_summary is not None
    assert "Tue 10:00-12:00 every 15 min" in versions.schedule_summary


def test_versions_installed_from_the_server(config: Config) -> None:
    for target, name, version in [(config.paths.synced_catalogue, None, "2026.12.9"),
                                  (config.paths.announcements, "announcements.toml", "ann-7")]:
        staged = staging_folder(target, "test")
        if name is None:
            shutil.copytree(CATALOGUE_DIR, staged, dirs_exist_ok=True)
        else:
            (staged / name).write_text("", encoding="utf-8")
        install_folder(staged, target, version=version, origin="server")
    versions = content_versions(config, CatalogueStore(config.paths.active_catalogue))
    assert versions.from_server and versions.catalogue_origin == "server"
    assert versions.catalogue_source == config.paths.synced_catalogue
    assert versions.announcements_version == "ann-7"
    assert versions.catalogue_installed_at is not None


def test_usb_folders_finds_catalogues_three_levels_down(tmp_path: Path) -> None:
    media, run_media = tmp_path / "media", tmp_path / "run-media"
    for folder in [media / "tech" / "STICK" / "catalogue",   # /media/<user>/<stick>/catalogue
                   media / "tech" / "OTHER",                  # a catalogue at the stick's root
                   run_media / "SD",                          # holds SD/catalogue/manifest.toml
                   media / "a" / "b" / "c" / "too-deep",
                   media / "tech" / ".hidden"]:
        folder.mkdir(parents=True)
    (run_media / "SD" / "catalogue").mkdir()
    for folder in [media / "tech" / "STICK" / "catalogue", media / "tech" / "OTHER",
                   run_media / "SD" / "catalogue", media / "a" / "b" / "c" / "too-deep",
                   media / "tech" / ".hidden"]:
        (folder / "manifest.toml").write_text('version = "x"\n', encoding="utf-8")
    (media / "tech" / "photos").mkdir()
    found = usb_folders([media, run_media, tmp_path / "no-such-root"])
    assert found == sorted([media / "tech" / "OTHER", media / "tech" / "STICK" / "catalogue",
                            run_media / "SD" / "catalogue"])


def test_usb_folders_with_nothing_mounted(tmp_path: Path) -> None:
    assert usb_folders([tmp_path / "media"]) == []


def test_install_from_a_good_folder_switches_the_version(config: Config, tmp_path: Path) -> None:
    store = CatalogueStore(config.paths.active_catalogue)
    source = _stick_catalogue(tmp_path, "2026.12.5")
    (source / "notes.txt").write_text("not part of a catalogue", encoding="utf-8")
    assert install_catalogue_from_folder(source.parent, config, store) == "2026.12.5"
    assert store.current.version == "2026.12.5"
    assert store.folder == config.paths.synced_catalogue == config.paths.active_catalogue
    assert not (config.paths.synced_catalogue / "notes.txt").exists()
    restarted = CatalogueStore(config.paths.active_catalogue)  # survives a restart
    versions = content_versions(config, restarted)
    assert versions.catalogue_version == "2026.12.5"
    assert not versions.from_server and versions.catalogue_origin == f"usb:{source}"
    assert isinstance(versions.catalogue_installed_at, dt.datetime)
    assert [p.name for p in config.paths.state_dir.iterdir()] == ["catalogue"]


def test_broken_folder_is_refused_and_nothing_changes(config: Config, tmp_path: Path) -> None:
    store = CatalogueStore(config.paths.active_catalogue)
    good = _stick_catalogue(tmp_path / "first", "2026.12.5")
    install_catalogue_from_folder(good, config, store)
    broken = _stick_catalogue(tmp_path / "second", "2026.12.6")
    _break(broken)
    with pytest.raises(CatalogueError) as info:
        install_catalogue_from_folder(broken, config, store)
    assert "services.toml" in str(info.value) and "descripton" in str(info.value)
    assert store.current.version == "2026.12.5"
    assert CatalogueStore(config.paths.active_catalogue).current.version == "2026.12.5"
    assert [p.name for p in config.paths.state_dir.iterdir()] == ["catalogue"]


def test_broken_first_install_keeps_the_built_in_catalogue(config: Config,
                                                           tmp_path: Path) -> None:
    store = CatalogueStore(config.paths.active_catalogue)
    broken = _stick_catalogue(tmp_path, "2026.12.6")
    (broken / "holidays.toml").unlink()
    with pytest.raises(CatalogueError, match=r"holidays\.toml: file is missing"):
        install_catalogue_from_folder(broken, config, store)
    assert store.current.version == "2026.11.2"
    assert config.paths.active_catalogue == CATALOGUE_DIR


def test_export_folders_lists_mounted_sticks_then_local_folders(tmp_path: Path) -> None:
    from kiosk.maintenance import export_folders

    media = tmp_path / "media"
    (media / "technician" / "KINGSTON").mkdir(parents=True)
    (media / "technician" / "SANDISK").mkdir()
    local = tmp_path / "state" / "exports"
    found = export_folders([media, tmp_path / "no-such-root"], [local])
    assert found == [media / "technician" / "KINGSTON", media / "technician" / "SANDISK", local]
