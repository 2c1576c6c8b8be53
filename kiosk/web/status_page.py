"""The public status page a receipt's QR code opens: small HTML, kk/ru/en, no personal data.

Pages are built from a :class:`~kiosk.lookup.StatusAnswer` only (it has no name, IIN,
phone, address or text), and every dynamic text goes through :func:`html.escape`.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from html import escape

from kiosk.i18n import (
    DEFAULT_LANGUAGE,
    LANGUAGES,
    N_,
    NP_,
    Language,
    Message,
    Translator,
    format_date,
    format_datetime,
)
from kiosk.kinds import KINDS, status_tone, status_word
from kiosk.lookup import StatusAnswer
from kiosk.tracking import format_tracking_code

LANGUAGE_NAMES = {Language.KK: "Қазақша", Language.RU: "Русский", Language.EN: "English"}

_CURRENT = ' aria-current="page"'

_CSS = """
*{box-sizing:border-box}
body{margin:0;font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;
 font-size:1.2rem;line-height:1.5;color:#1a1a1a;background:#f2f4f7}
main{max-width:34rem;margin:0 auto;padding:1rem}
nav{display:flex;gap:.5rem;flex-wrap:wrap;margin-bottom:1rem}
nav a{padding:.4rem .8rem;border-radius:.5rem;color:#00457c;background:#fff;
 text-decoration:none;border:1px solid #c5cdd8}
nav a[aria-current]{background:#00457c;color:#fff;border-color:#00457c}
h1{font-size:1.6rem;line-height:1.25;margin:.5rem 0 1rem}
.card{background:#fff;border-radius:.8rem;padding:1rem 1.2rem;
 box-shadow:0 1px 3px rgba(0,0,0,.12);margin-bottom:1rem}
dl{margin:0}
dt{font-size:.95rem;color:#55606e;margin-top:.8rem}
dt:first-child{margin-top:0}
dd{margin:0;font-weight:600;overflow-wrap:anywhere}
.status{display:inline-block;padding:.2rem .7rem;border-radius:1rem;
 background:#fff4d6;color:#6b4d00}
.status.good{background:#dcf5e3;color:#135c2b}
.status.bad{background:#fde2e1;color:#8a1c17}
.reply h2{font-size:1.15rem;margin:0 0 .3rem}
.reply p{white-space:pre-wrap;overflow-wrap:anywhere;margin:.3rem 0 0}
.room{font-size:2rem}
.called{margin:0 0 1rem;padding:1rem 1.2rem;border-radius:.8rem;background:#135c2b;
 color:#fff;font-size:1.6rem;font-weight:700;line-height:1.3}
.code{font-family:ui-monospace,Menlo,Consolas,monospace;letter-spacing:.05em}
@media (prefers-color-scheme:dark){
 body{background:#14171b;color:#eceff3}
 .card,nav a{background:#1f242b;border-color:#39414c;color:#eceff3}
 dt{color:#a9b3bf}
}
"""


class _Render:
    """Renders messages in one language (a short ``t(...)`` for the page builders)."""

    def __init__(self, translator: Translator, lang: Language) -> None:
        self._translator = translator
        self._lang = lang

    def __call__(self, message: Message) -> str:
        return self._translator.render(message, self._lang)


def choose_language(requested: str | None, accept_language: str | None) -> Language:
    """``?lang=`` if it names one of kk/ru/en, else the best of Accept-Language, else kk."""
    if requested:
        for lang in LANGUAGES:
            if requested.strip().lower() == lang.value:
                return lang
    best: tuple[float, int, Language] | None = None
    for position, part in enumerate((accept_language or "").split(",")):
        tag, _, params = part.strip().partition(";")
        primary = tag.strip().lower().split("-")[0]
        quality = 1.0
        for param in params.split(";"):
            name, _, value = param.strip().partition("=")
            if name.strip() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        match = next((lang for lang in LANGUAGES if lang.value == primary), None)
        if match is not None and quality > 0 and (best is None or quality > best[0]):
            best = (quality, position, match)
    return best[2] if best else DEFAULT_LANGUAGE


def status_page(answer: StatusAnswer, lang: Language, translator: Translator,
                zone: zoneinfo.ZoneInfo) -> str:
    """The page for a found record: kind, number, status, deadline, reply, last update."""
    t = _Render(translator, lang)
    kind = KINDS.get(answer.kind)
    rows = [(t(N_("Type")), escape(t(kind.word) if kind else answer.kind))]
    if answer.number and kind is not None and kind.number_label is not None:
        rows.append((t(kind.number_label), escape(answer.number)))
    rows.append((t(N_("Tracking code")),
                 f'<span class="code">{escape(format_tracking_code(answer.code))}</span>'))
    word = status_word(answer.kind, answer.status)
    tone = status_tone(answer.kind, answer.status)
    rows.append((t(N_("Status")), f'<span class="status {tone}">'
                 f'{escape(t(word) if word else answer.status)}</span>'))
    if answer.kind == "ticket" and answer.status == "called" and answer.room:
        rows.append((t(N_("Go to room")), f'<span class="room">{escape(answer.room)}</span>'))
    if answer.kind == "ticket" and answer.status == "waiting" and answer.ahead.isdigit():
        ahead = int(answer.ahead)
        rows.append((t(N_("People ahead of you")),
                     escape(t(N_("No one: you are next")) if ahead == 0 else str(ahead))))
        if ahead and answer.wait_minutes.isdigit():
            rows.append((t(N_("Expected wait")), escape(t(N_(
                "about {minutes} min", minutes=int(answer.wait_minutes))))))
    deadline = _date(answer.deadline)
    if deadline is not None:
        rows.append((t(N_("Answer due by")), escape(format_date(deadline, lang))))
    updated = _moment(answer.updated_at, zone)
    if updated is not None:
        rows.append((t(N_("Last update")), escape(format_datetime(updated, lang))))
    items = "".join(f"<dt>{escape(label)}</dt><dd>{value}</dd>" for label, value in rows)
    body = f'<div class="card"><dl>{items}</dl></div>'
    if answer.kind == "ticket" and answer.status == "called" and answer.room:
        # the one thing the person must do now, first and large
        called = escape(t(N_("You are called: go to room {room}", room=answer.room)))
        body = f'<p class="called" role="alert">{called}</p>' + body
    if answer.reply:
        heading = escape(t(N_("Reply from the akimat")))
        body += (f'<section class="card reply"><h2>{heading}'
                 f"</h2><p>{escape(answer.reply)}</p></section>")
    return _page(lang, t(N_("Status of your request")), body)


def not_found_page(lang: Language, translator: Translator, problem: Message | None) -> str:
    """The page for an unknown or mistyped code: what went wrong and what to check."""
    t = _Render(translator, lang)
    lines = [t(problem)] if problem is not None else [t(N_("No request has this code."))]
    lines.append(t(N_("Check the code printed under the QR code on your receipt and try again.")))
    body = '<div class="card">' + "".join(f"<p>{escape(line)}</p>" for line in lines) + "</div>"
    return _page(lang, t(N_("Nothing found")), body)


def throttled_page(lang: Language, translator: Translator, retry_after_seconds: int) -> str:
    """The page for a client that tried too many wrong codes."""
    t = _Render(translator, lang)
    minutes = max(1, -(-retry_after_seconds // 60))
    text = t(NP_("Too many wrong codes were checked from this connection. "
                 "Please try again in {n} minute.",
                 "Too many wrong codes were checked from this connection. "
                 "Please try again in {n} minutes.", minutes))
    return _page(lang, t(N_("Please try again later")), f'<div class="card"><p>{escape(text)}'
                 "</p></div>")


def _page(lang: Language, title: str, body: str) -> str:
    links = "".join(
        f'<a href="?lang={other.value}" lang="{other.value}" hreflang="{other.value}"'
        f'{_CURRENT if other is lang else ""}>{LANGUAGE_NAMES[other]}</a>'
        for other in LANGUAGES)
    return (f'<!doctype html>\n<html lang="{lang.value}"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            '<meta name="robots" content="noindex, nofollow">'
            f"<title>{escape(title)}</title><style>{_CSS}</style></head>"
            f"<body><main><nav>{links}</nav><h1>{escape(title)}</h1>{body}</main>"
            "</body></html>\n")


def _date(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text) if text else None
    except ValueError:
        return None


def _moment(text: str, zone: zoneinfo.ZoneInfo) -> dt.datetime | None:
    try:
        moment = dt.datetime.fromisoformat(text) if text else None
    except ValueError:
        return None
    if moment is None or moment.tzinfo is None:
        return None
    return moment.astimezone(zone)
