"""The hall's call display (``kiosk display``) driven against the real desk server on loopback:
a specialist presses Call next in the desk page, the board shows it and the hall hears it —
through a real player process whose input the test keeps and measures."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from kiosk.i18n import Translator
from kiosk.queue.announce import Announcer, announcement_wav
from kiosk.queue.desks import get_desk
from kiosk.queue.sound import CallSound, write_call_sound
from kiosk.speech.audio import measure, read_wav
from kiosk.speech.cache import SpeechCache
from kiosk.speech.chime import chime_wav
from kiosk.speech.engine import SpeechEngine
from kiosk.speech.player import Player
from tests.helpers.desk_server import DeskBrowser
from tests.kiosk.speech.conftest import HAVE_ESPEAK, NO_ESPEAK, needs_sox, sox_stat
from tests.ui.display.conftest import PASSWORD, Kiosk
from ui.display.board import DisplayBoard
from ui.display.fit import FitLabel
from ui.display.main import CallDisplay, build_display, place
from ui.display.model import Names, read_board

ROOT = Path(__file__).resolve().parents[3]
#: Each clip copied to a numbered file: what the player process really received.
RECORD = ["sh", "-c", 'cp "$0" "$1/$(ls "$1" | wc -l).wav"', "{file}"]
AKIMAT = Names("Қарасу ауылдық округі әкімінің аппараты",
               "Аппарат акима Карасуского сельского округа", "Karasu rural district akimat")
WAIT_MS = 30_000


class Hall:
    """The display as the hall has it, with what its speaker was given."""

    def __init__(self, display: CallDisplay, played: Path, cache: SpeechCache) -> None:
        self.display = display
        self.board: DisplayBoard = display.board
        self.played = played
        self.cache = cache

    def clips(self) -> list[bytes]:
        """Every clip the player process received, in order."""
        announcer = self.display.announcer
        assert announcer is not None
        assert announcer.wait_idle(timeout=120)
        return [p.read_bytes() for p in sorted(self.played.iterdir(),
                                               key=lambda p: int(p.stem))]


@pytest.fixture
def cache(tmp_path: Path) -> SpeechCache:
    """Clips by the real espeak-ng."""
    if not HAVE_ESPEAK:
        pytest.skip(NO_ESPEAK)
    return SpeechCache(tmp_path / "speech", SpeechEngine())


@pytest.fixture
def hall(qtbot: QtBot, kiosk: Kiosk, translator: Translator, cache: SpeechCache,
         tmp_path: Path) -> Iterator[Hall]:
    """The call display following the kiosk, 1920x1080, its speaker recorded."""
    played = tmp_path / "played"
    played.mkdir()
    announcer = Announcer(cache, Player([*RECORD, str(played)]), translator)
    display = build_display(kiosk.url, translator, announcer, akimat=AKIMAT,
                            clock=lambda: kiosk.now)
    qtbot.addWidget(display.board)
    display.board.resize(1920, 1080)
    display.board.show()
    display.start()
    yield Hall(display, played, cache)
    display.stop()
    announcer.close()


def _texts(root: QWidget) -> str:
    from PySide6.QtWidgets import QLabel

    return "\n".join(w.text() for w in root.findChildren(QLabel) if w.isVisibleTo(root))


def test_call_next_on_the_desk_page_shows_and_sounds_in_the_hall(
        qtbot: QtBot, kiosk: Kiosk, hall: Hall, translator: Translator) -> None:
    board = hall.board
    qtbot.waitUntil(lambda: board.online is True, timeout=WAIT_MS)
    assert board.current_text() == ""
    assert "Бүгін әзірге шақыру болған жоқ" in board.empty.text()
    assert hall.clips() == []  # nothing is announced at start-up

    desk = DeskBrowser(kiosk.url, "social-1", PASSWORD)
    try:
        assert "Ә-001" in desk.press("call")
        qtbot.waitUntil(lambda: board.current_text() == "Ә-001 → 103-бөлме", timeout=WAIT_MS)
        assert (board.number.text(), board.room.text(), board.room_ru.text()) == \
            ("Ә-001", "→ 103-бөлме", "Кабинет 103")
        assert board.flashing
        assert not board.recall_badge.isVisibleTo(board)
        texts = _texts(board)
        assert "Шақырылады · Приглашается" in texts
        assert "Әлеуметтік мәселелер" in texts and "Социальные вопросы" in texts
        sound = CallSound()  # the kiosk's defaults: speech, 0.8, kk then ru
        first = announcement_wav("Ә-001", "103", sound, hall.cache, translator=translator)
        assert hall.clips() == [first]

        desk.press("recall")  # called again: shown and announced again
        qtbot.waitUntil(lambda: board.recall_badge.isVisibleTo(board), timeout=WAIT_MS)
        assert board.current_text() == "Ә-001 → 103-бөлме"
        assert "Қайта шақыру · Повторный вызов" in board.recall_badge.text()
        assert hall.clips() == [first, first]

        desk.press("serve")
        desk.press("call")
        qtbot.waitUntil(lambda: board.current_text() == "Ә-002 → 103-бөлме", timeout=WAIT_MS)
        assert board.earlier[0].text() == "Ә-001 → 103"  # the recall is not listed twice
        assert board.earlier[1].text() == ""
        assert len(hall.clips()) == 3
    finally:
        desk.close()
    waiting = {row.line.prefix: row.count.text() for row in board.waiting.rows
               if row.line is not None}
    assert (waiting["Ә"], waiting["Ж"], waiting["А"]) == ("2", "2", "1")


@needs_sox
def test_what_the_hall_hears_is_the_chime_and_kk_ru_speech(
        qtbot: QtBot, kiosk: Kiosk, hall: Hall, tmp_path: Path) -> None:
    qtbot.waitUntil(lambda: hall.board.online is True, timeout=WAIT_MS)
    kiosk.act("land-1")
    qtbot.waitUntil(lambda: hall.board.current_text() == "Ж-001 → 104-бөлме", timeout=WAIT_MS)
    [clip] = hall.clips()
    path = tmp_path / "heard.wav"
    path.write_bytes(clip)
    sox, ours, chime = sox_stat(path), measure(clip), measure(chime_wav(0.8))
    assert ours.duration == pytest.approx(sox["Length (seconds)"], abs=0.001)
    assert sox["RMS amplitude"] > 0.02
    assert ours.duration > chime.duration + 3.0
    chime_frames = read_wav(chime_wav(0.8)).frames  # the kiosk's volume 0.8 is applied
    assert read_wav(clip).frames[:len(chime_frames)] == chime_frames
    print(f"\nheard in the hall: {ours.duration:.2f} s, RMS {ours.rms_dbfs:.1f} dBFS "
          f"(sox {sox['RMS amplitude']:.3f}), peak {ours.peak:.2f}")


def test_the_kiosks_sound_settings_are_followed(qtbot: QtBot, kiosk: Kiosk,
                                                hall: Hall) -> None:
    qtbot.waitUntil(lambda: hall.board.online is True, timeout=WAIT_MS)
    write_call_sound(kiosk.state_dir, CallSound(speech=False, volume=0.5))
    kiosk.act("social-2")
    qtbot.waitUntil(lambda: hall.board.current_text() == "Ә-001 → 105-бөлме", timeout=WAIT_MS)
    write_call_sound(kiosk.state_dir, CallSound(speech=True, volume=0.0))
    kiosk.act("land-1")
    qtbot.waitUntil(lambda: hall.board.current_text() == "Ж-001 → 104-бөлме", timeout=WAIT_MS)
    assert hall.clips() == [chime_wav(0.5)]  # speech off: the chime; volume 0: nothing


def test_an_unreachable_kiosk_is_said_plainly_and_the_board_recovers(
        qtbot: QtBot, kiosk: Kiosk, hall: Hall, translator: Translator) -> None:
    board = hall.board
    qtbot.waitUntil(lambda: board.online is True, timeout=WAIT_MS)
    kiosk.act("social-1")
    qtbot.waitUntil(lambda: board.current_text() == "Ә-001 → 103-бөлме", timeout=WAIT_MS)

    kiosk.stop()
    qtbot.waitUntil(lambda: board.online is False, timeout=WAIT_MS)
    header = _texts(board.header)
    assert "⚠ Киоскпен байланыс жоқ…" in header and "⚠ Нет связи с киоском…" in header
    assert AKIMAT.kk not in header
    assert board.current_text() == "Ә-001 → 103-бөлме"  # the last calls stay

    kiosk.act("land-1")  # a desk calls while the board is cut off
    kiosk.start()  # a new server on the same port
    qtbot.waitUntil(lambda: board.online is True, timeout=60_000)
    qtbot.waitUntil(lambda: board.current_text() == "Ж-001 → 104-бөлме", timeout=WAIT_MS)
    assert AKIMAT.kk in _texts(board.header)
    clips = hall.clips()
    assert len(clips) == 2  # the call made meanwhile is announced after the outage
    assert clips[1] == announcement_wav("Ж-001", "104", CallSound(), hall.cache,
                                        translator=translator)


def _overlaps(widgets: list[QWidget], root: QWidget) -> list[str]:
    from PySide6.QtCore import QRect

    boxes = [(w.objectName(), QRect(w.mapTo(root, w.rect().topLeft()), w.size()))
             for w in widgets]
    return [f"{a} / {b}" for i, (a, ra) in enumerate(boxes) for b, rb in boxes[i + 1:]
            if ra.intersects(rb)]


@pytest.mark.parametrize(("width", "height"), [(1920, 1080), (1080, 1920)])
def test_the_board_lays_out_without_clipping_or_overlap(
        qtbot: QtBot, kiosk: Kiosk, translator: Translator, width: int, height: int) -> None:
    for login in ("social-1", "land-1", "social-2", "social-1", "land-1", "social-2"):
        _next(kiosk, login)
    display = build_display(kiosk.url, translator, None, akimat=AKIMAT, clock=lambda: kiosk.now)
    board = display.board
    qtbot.addWidget(board)
    board.resize(width, height)
    board.show()
    display.start()
    try:
        qtbot.waitUntil(lambda: board.current_text() != "", timeout=WAIT_MS)
        qtbot.wait(50)
        assert (board.width(), board.height()) == (width, height), "the window never grows"
        assert board.portrait is (height > width)
        parts = [board.header, board.card, board.earlier_box, board.waiting]
        assert _overlaps(parts, board) == []
        for part in parts:
            rect = part.geometry()
            assert rect.bottom() < height and rect.right() < width, part.objectName()
        unfit = [f"{label.objectName()}: {label.text()!r}"
                 for label in board.findChildren(FitLabel)
                 if label.isVisibleTo(board) and label.text() and not label.fits()]
        assert unfit == []
        assert _overlaps(list(board.call_lines), board.card) == []
        for row in board.waiting.rows:
            if row.line is not None and row.kk.isVisibleTo(board):
                bottom = row.ru.mapTo(board.waiting, row.ru.rect().bottomLeft()).y()
                assert bottom <= board.waiting.height(), row.line.department
        assert board.number.pixel_size >= 150, "the number is read from across the hall"
    finally:
        display.stop()


def _next(kiosk: Kiosk, login: str) -> None:
    """Served (if the desk has someone), then Call next."""
    desk = get_desk(kiosk.db, login)
    assert desk is not None
    if kiosk.desks.view(desk).ticket is not None:
        kiosk.act(login, "serve")
    kiosk.act(login)


def test_the_feed_delivers_on_the_gui_thread_and_stops_at_once(
        qtbot: QtBot, kiosk: Kiosk) -> None:
    from ui.board_feed import BoardFeed

    feed = BoardFeed(kiosk.url)
    threads: list[threading.Thread] = []
    feed.updated.connect(lambda _board: threads.append(threading.current_thread()))
    with qtbot.waitSignal(feed.updated, timeout=WAIT_MS):
        feed.start()
    assert threads == [threading.main_thread()]
    assert feed.online is True and feed.board is not None
    feed.stop()  # a long poll is in flight: stop does not wait for it
    assert not feed.running
    kiosk.act("social-1")
    qtbot.wait(300)
    assert len(threads) == 1, "nothing is delivered after stop"
    kiosk.stop()  # ends the poll in flight
    assert feed.join(30)


def test_kiosk_display_runs_and_exits_by_itself(kiosk: Kiosk, tmp_path: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "KIOSK_STATE_DIR": str(tmp_path / "s")}
    done = subprocess.run([sys.executable, "-m", "kiosk", "display", "--url", kiosk.url,
                           "--exit-after", "2"], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    assert f"Call board following {kiosk.url}/board.json" in done.stdout



def test_after_midnight_yesterdays_calls_leave_the_board(qtbot: QtBot, kiosk: Kiosk,
                                                         hall: Hall) -> None:
    board = hall.board
    kiosk.act("social-1")
    qtbot.waitUntil(lambda: board.current_text() == "Ә-001 → 103-бөлме", timeout=WAIT_MS)
    kiosk.now += dt.timedelta(days=1)  # nobody has taken a ticket yet today
    board.update_clock()
    assert board.current_text() == ""
    assert "Бүгін әзірге шақыру болған жоқ" in board.empty.text()
    assert all(label.text() == "" for label in board.earlier)
    assert {row.count.text() for row in board.waiting.rows if row.line is not None} == {"0"}


@pytest.mark.parametrize(("width", "height"), [(1920, 1080), (1080, 1920)])
def test_more_lines_than_fit_are_named_not_cut(qtbot: QtBot, translator: Translator,
                                               width: int, height: int) -> None:
    letters = "ӘЖШТЕАҚЭБВГДЗИ"
    names = {"kk": "Азаматтық хал актілерін тіркеу және анықтамалар",
             "ru": "Регистрация актов гражданского состояния и справки"}
    board = DisplayBoard(translator, akimat=AKIMAT)
    qtbot.addWidget(board)
    board.resize(width, height)
    board.show()
    board.show_board(read_board({
        "version": "1.1", "day": "", "calls": [],
        "waiting": [{"department": f"d{i}", "names": names, "prefix": letter,
                     "waiting": i % 3} for i, letter in enumerate(letters)]}))
    qtbot.wait(50)
    shown = board.waiting.shown_departments()
    assert 0 < len(shown) < len(letters)
    for row in board.waiting.rows:
        if row.line is not None and row.line.department in shown:
            bottom = row.ru.mapTo(board.waiting, row.ru.rect().bottomLeft()).y()
            assert bottom <= board.waiting.note.mapTo(board.waiting, QPoint(0, 0)).y()
    note = board.waiting.note.text()
    waiting = {letter: i % 3 for i, letter in enumerate(letters)}
    left_out = [x for i, x in enumerate(letters) if f"d{i}" not in shown]
    assert all(x in note for x in left_out)
    assert ("Тағы күтуде" in note) == any(waiting[x] for x in left_out)
    assert board.waiting.note.isVisibleTo(board)
    assert board.waiting.note.mapTo(board, QPoint(0, board.waiting.note.height())).y() <= height


def test_the_board_goes_fullscreen_on_the_last_monitor(qtbot: QtBot, translator: Translator,
                                                      caplog: pytest.LogCaptureFixture) -> None:
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    board = DisplayBoard(translator)
    qtbot.addWidget(board)
    place(board, app, 7, windowed=False)
    qtbot.waitExposed(board)
    assert board.isFullScreen()
    assert board.screen() is app.screens()[-1]
    assert "there is no monitor 7" in caplog.text
