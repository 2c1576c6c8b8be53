"""A staff reply set on the regional server shows on the kiosk's status screen."""

from __future__ import annotations

import os
from functools import partial
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import httpx
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from kiosk.appeals import prepare_draft, submit_appeal
from kiosk.applicant import Applicant
from kiosk.i18n import Language
from kiosk.storage import open_database
from sync.sender import OutboxSender
from sync.status import server_status
from tests.conftest import OPEN_MORNING
from tests.sync.conftest import Regional, client, kiosk_config
from tests.ui.conftest import type_on, visible_texts
from tests.ui.harness import kiosk_window
from ui.screens.base import ScreenId
from ui.screens.status import StatusScreen

REPLY = "Көпір 15 желтоқсанға дейін жөнделеді."


def test_staff_reply_reaches_the_kiosk_status_screen(qtbot: QtBot, tmp_path: Path,
                                                     regional: Regional) -> None:
    token = regional.add_kiosk("karasu-01")
    config = kiosk_config(tmp_path, regional.url, token)
    db = open_database(config.paths.database)
    from kiosk.catalogue import load_catalogue

    catalogue = load_catalogue(config.paths.active_catalogue)
    person = Applicant.parse("Әлия Нұрланқызы", "900101400003", "87012345678")
    draft = prepare_draft(catalogue, appeal_type="complaint", topic="Көпір", text="Көпір құлады",
                          applicant=person, consent=True, language=Language.KK, text_max=3000)
    appeal = submit_appeal(db, catalogue, "karasu-01", draft, OPEN_MORNING)
    assert OutboxSender(db, client(regional.url, token), "karasu-01").send_due().sent == 1
    answer = httpx.post(f"{regional.url}/api/v1/staff/records/{appeal.tracking_code}/status",
                        headers={"Authorization": f"Bearer {regional.staff_token}"},
                        json={"status": "answered", "reply": REPLY})
    assert answer.status_code == 200, answer.text
    with kiosk_window(config, db) as window:
        qtbot.addWidget(window)
        nav = window.navigator
        nav.ctx.status_lookup = partial(server_status, client(regional.url, token, timeout=5))
        nav.ctx.language.set(Language.KK)
        nav.show_screen(ScreenId.STATUS)
        status = nav.screen_of(StatusScreen)
        type_on(qtbot, status.keyboard, appeal.tracking_code)
        qtbot.mouseClick(nav.primary_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: REPLY in "\n".join(visible_texts(status)), timeout=10_000)
        shown = "\n".join(visible_texts(status))
        assert appeal.registration_number in shown
        assert "900101400003" not in shown
