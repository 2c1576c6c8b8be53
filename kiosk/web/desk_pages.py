"""The desk pages: sign-in and the desk itself. Plain HTML forms that work on an old office
browser and a phone; a little JavaScript keeps the line fresh and says when the kiosk
cannot be reached (it retries on its own). Every dynamic text is escaped.
"""

from __future__ import annotations

import datetime as dt
from html import escape

from kiosk.catalogue.model import Catalogue
from kiosk.clock import local_time
from kiosk.i18n import LANGUAGES, N_, Language, Message, Translator
from kiosk.web.desk_service import DeskView
from kiosk.web.status_page import LANGUAGE_NAMES

_CSS = """
*{box-sizing:border-box}
body{margin:0;font-family:system-ui,"Segoe UI",Roboto,Arial,sans-serif;font-size:18px;
 line-height:1.45;color:#14202b;background:#eef1f5}
header{background:#00457c;color:#fff;padding:.6rem 1rem;display:flex;flex-wrap:wrap;
 gap:.4rem 1.2rem;align-items:center}
header h1{font-size:1.15rem;margin:0;flex:1 1 14rem}
header a,header button.link{color:#fff}
nav.lang a{margin-right:.5rem;color:#fff}
nav.lang a[aria-current]{font-weight:700;text-decoration:none}
main{max-width:60rem;margin:0 auto;padding:1rem}
.card{background:#fff;border:1px solid #c9d2dc;border-radius:.6rem;padding:1rem;margin-bottom:1rem}
.now{font-size:3.2rem;font-weight:700;letter-spacing:.03em;margin:.2rem 0}
.muted{color:#4a5868}
.row{display:flex;flex-wrap:wrap;gap:.6rem;margin-top:.8rem}
button{font:inherit;font-weight:600;min-height:3rem;padding:.5rem 1.2rem;border-radius:.5rem;
 border:2px solid #00457c;background:#fff;color:#00457c;cursor:pointer}
button.primary{background:#00457c;color:#fff;font-size:1.3rem;min-height:4rem;
 padding:.5rem 2rem}
button.good{background:#16794a;border-color:#16794a;color:#fff}
button.bad{border-color:#a32018;color:#a32018}
button:focus-visible,select:focus-visible,input:focus-visible,a:focus-visible{
 outline:3px solid #f5b700;outline-offset:2px}
button[disabled]{opacity:.55;cursor:default}
select,input{font:inherit;min-height:3rem;padding:.3rem .6rem;border:2px solid #5b6b7c;
 border-radius:.4rem;background:#fff;max-width:100%}
label{display:block;font-weight:600;margin:.6rem 0 .2rem}
.flash{padding:.8rem 1rem;border-radius:.5rem;margin-bottom:1rem;font-weight:600}
.flash.ok{background:#dcf5e3;color:#0f4d27}
.flash.error{background:#fde2e1;color:#7a1610}
#offline{display:none;background:#7a1610;color:#fff;padding:.8rem 1rem;font-weight:700}
table{width:100%;border-collapse:collapse}
th,td{text-align:left;padding:.45rem .5rem;border-bottom:1px solid #dde3ea}
th{font-size:.9rem;color:#4a5868;font-weight:600}
.badge{display:inline-block;background:#fff4d6;color:#6b4d00;border-radius:1rem;
 padding:0 .6rem;font-size:.85rem;font-weight:700}
.paused{background:#fff4d6;color:#6b4d00;padding:.6rem 1rem;border-radius:.5rem;font-weight:700}
@media (max-width:40rem){body{font-size:17px}.now{font-size:2.6rem}
 button.primary{width:100%}.row button{flex:1 1 8rem}}
"""

_SCRIPT = """
(function(){
  var version = document.body.getAttribute('data-version');
  var banner = document.getElementById('offline');
  var delay = 3000, busy = false;
  function setOffline(on){ if (banner) banner.style.display = on ? 'block' : 'none'; }
  function poll(){
    if (busy) { schedule(); return; }
    var r = new XMLHttpRequest();
    r.open('GET', '/desk/state.json', true);
    r.timeout = 8000;
    r.onload = function(){
      if (r.status === 401) { window.location = '/desk/login'; return; }
      if (r.status !== 200) { fail(); return; }
      var data; try { data = JSON.parse(r.responseText); } catch (e) { fail(); return; }
      setOffline(false); delay = 3000;
      if (data.version !== version && !editing()) { window.location.replace('/desk'); return; }
      schedule();
    };
    r.onerror = r.ontimeout = fail;
    r.send();
  }
  function fail(){ setOffline(true); delay = Math.min(delay * 2, 15000); schedule(); }
  function schedule(){ window.setTimeout(poll, delay); }
  function editing(){ var a = document.activeElement; return a && a.tagName === 'SELECT'; }
  var forms = document.getElementsByTagName('form');
  for (var i = 0; i < forms.length; i++) {
    forms[i].addEventListener('submit', function(e){
      if (this.getAttribute('data-sent')) { e.preventDefault(); return; }
      this.setAttribute('data-sent', '1'); busy = true;
      var buttons = this.getElementsByTagName('button');
      for (var j = 0; j < buttons.length; j++) { buttons[j].disabled = true; }
      var chosen = e.submitter;
      if (chosen && chosen.name) {
        var keep = document.createElement('input');
        keep.type = 'hidden'; keep.name = chosen.name; keep.value = chosen.value;
        this.appendChild(keep);
      }
    });
  }
  schedule();
})();
"""


_TECHNICIAN = N_("The kiosk technician makes desk logins in maintenance mode.")
_TRANSFER_LABEL = N_("Send to another department (the ticket keeps its place)")


class DeskPages:
    """Renders the desk pages in one language."""

    def __init__(self, translator: Translator, lang: Language, catalogue: Catalogue) -> None:
        self.translator = translator
        self.lang = lang
        self.catalogue = catalogue

    def t(self, message: Message) -> str:
        """A message in this page's language, escaped for HTML."""
        return escape(self.translator.render(message, self.lang))

    def login(self, *, error: Message | None = None, login: str = "") -> str:
        """The sign-in form."""
        problem = f'<p class="flash error" role="alert">{self.t(error)}</p>' if error else ""
        body = (f'<main><div class="card"><h2>{self.t(N_("Sign in to your desk"))}</h2>'
                f'{problem}<form method="post" action="/desk/login">'
                f'<label for="login">{self.t(N_("Desk login"))}</label>'
                f'<input id="login" name="login" autocomplete="username" required '
                f'autocapitalize="none" value="{escape(login)}">'
                f'<label for="password">{self.t(N_("Password"))}</label>'
                f'<input id="password" name="password" type="password" '
                f'autocomplete="current-password" required>'
                f'<div class="row"><button class="primary" type="submit">'
                f'{self.t(N_("Sign in"))}</button></div></form>'
                f'<p class="muted">{self.t(_TECHNICIAN)}</p></div></main>')
        return self._page(self.t(N_("Desk sign-in")), "", body, script=False)

    def desk(self, view: DeskView, csrf: str, action_ids: dict[str, str], *,
             flash: Message | None = None, flash_ok: bool = True) -> str:
        """The desk: the ticket at the desk with its buttons, Call next, the line."""
        desk = view.desk
        department = self.catalogue.departments.get(desk.department)
        dept_name = department.name.text(self.lang) if department else desk.department
        title = self.t(N_("Desk {login} · room {room}", login=desk.login, room=desk.room))
        header = (f'<h1>{title} · {escape(dept_name)}<br><span class="muted" style="color:#dfe8f1">'
                  f'{escape(desk.specialist)}</span></h1>{self._languages()}'
                  f'<form method="post" action="/desk/logout">{self._csrf(csrf)}'
                  f'<button type="submit">{self.t(N_("Sign out"))}</button></form>')
        parts = ['<div id="offline" role="alert">'
                 + self.t(N_("No connection to the kiosk. Retrying… Your last press may not "
                             "have reached it: check the ticket shown here when it is back."))
                 + "</div>", "<main>"]
        if flash is not None:
            tone = "ok" if flash_ok else "error"
            parts.append(f'<p class="flash {tone}" role="{"status" if flash_ok else "alert"}">'
                         f"{self.t(flash)}</p>")
        parts.append(self._current(view, csrf, action_ids))
        parts.append(self._line(view))
        parts.append("</main>")
        return self._page(title, header, "".join(parts), version=view.version)

    def _current(self, view: DeskView, csrf: str, ids: dict[str, str]) -> str:
        ticket = view.ticket
        out = ['<section class="card" aria-labelledby="now">']
        if view.desk.paused:
            paused = self.t(N_("Your desk is paused: no tickets are called to it."))
            out.append(f'<p class="paused">{paused}</p>')
            out.append(self._form("resume", csrf, ids, N_("Resume"), "primary"))
            out.append("</section>")
            return "".join(out)
        if ticket is None:
            out.append(f'<h2 id="now">{self.t(N_("No ticket at your desk"))}</h2>')
            if view.waiting_total == 0:
                out.append(f'<p class="muted">{self.t(N_("No one is waiting now."))}</p>')
            out.append('<div class="row">')
            out.append(self._form("call", csrf, ids, N_("Call next"), "primary"))
            out.append(self._form("pause", csrf, ids, N_("Pause desk"), ""))
            out.append("</div></section>")
            return "".join(out)
        zone = self.catalogue.akimat.timezone
        issued = local_time(ticket.issued_at, zone).strftime("%H:%M")
        waited = _minutes(ticket.called_at or view.now, ticket.issued_at)
        badge = (f' <span class="badge">{self.t(N_("Priority"))}</span>'
                 if ticket.priority else "")
        facts = self.t(N_("Taken at {time}, waited {minutes} min, called {count} time(s).",
                          time=issued, minutes=waited, count=ticket.calls))
        out.append(f'<h2 id="now">{self.t(N_("At your desk"))}</h2>'
                   f'<p class="now">{escape(ticket.number)}{badge}</p>'
                   f'<p class="muted">{facts}</p>')
        out.append('<div class="row">')
        out.append(self._form("serve", csrf, ids, N_("Served"), "good"))
        out.append(self._form("recall", csrf, ids, N_("Call again"), ""))
        out.append(self._form("no_show", csrf, ids, N_("Did not come"), "bad"))
        out.append("</div>")
        out.append(self._transfer(ticket.department, csrf, ids))
        out.append("</section>")
        return "".join(out)

    def _transfer(self, current: str, csrf: str, ids: dict[str, str]) -> str:
        options = "".join(
            f'<option value="{escape(d.id)}">{escape(d.name.text(self.lang))} '
            f"({escape(d.prefix)})</option>"
            for d in self.catalogue.departments.values() if d.id != current)
        if not options:
            return ""
        return (f'<form method="post" action="/desk/action" class="row">{self._csrf(csrf)}'
                f'<input type="hidden" name="action_id" value="{ids["transfer"]}">'
                f'<label for="to" style="width:100%">{self.t(_TRANSFER_LABEL)}</label>'
                f'<select id="to" name="to_department" required><option value="">'
                f'{self.t(N_("Choose…"))}</option>{options}</select>'
                f'<button type="submit" name="action" value="transfer">'
                f'{self.t(N_("Transfer"))}</button></form>')

    def _line(self, view: DeskView) -> str:
        heading = self.t(N_("Waiting: {count}", count=view.waiting_total))
        if not view.line:
            return f'<section class="card"><h2>{heading}</h2></section>'
        zone = self.catalogue.akimat.timezone
        rows = "".join(
            f"<tr><td>{index}</td><td><strong>{escape(t.number)}</strong>"
            + (f' <span class="badge">{self.t(N_("Priority"))}</span>' if t.priority else "")
            + f"</td><td>{local_time(t.issued_at, zone).strftime('%H:%M')}</td>"
            f"<td>{_minutes(view.now, t.issued_at)}</td></tr>"
            for index, t in enumerate(view.line, start=1))
        return (f'<section class="card"><h2>{heading}</h2><table><thead><tr><th>№</th>'
                f'<th>{self.t(N_("Ticket"))}</th><th>{self.t(N_("Taken at"))}</th>'
                f'<th>{self.t(N_("Waiting, min"))}</th></tr></thead><tbody>{rows}</tbody>'
                "</table></section>")

    def _form(self, action: str, csrf: str, ids: dict[str, str], label: Message,
              css: str) -> str:
        return (f'<form method="post" action="/desk/action">{self._csrf(csrf)}'
                f'<input type="hidden" name="action_id" value="{ids[action]}">'
                f'<button type="submit" name="action" value="{action}" class="{css}">'
                f"{self.t(label)}</button></form>")

    @staticmethod
    def _csrf(csrf: str) -> str:
        return f'<input type="hidden" name="csrf" value="{escape(csrf)}">'

    def _languages(self) -> str:
        current = ' aria-current="true"'
        links = "".join(
            f'<a href="?lang={lang.value}" lang="{lang.value}"'
            f'{current if lang is self.lang else ""}>'
            f"{LANGUAGE_NAMES[lang]}</a>" for lang in LANGUAGES)
        return f'<nav class="lang">{links}</nav>'

    def _page(self, title: str, header: str, body: str, *, version: str = "",
              script: bool = True) -> str:
        head_header = header or f"<h1>{title}</h1>{self._languages()}"
        js = f"<script>{_SCRIPT}</script>" if script else ""
        refresh = ('<noscript><meta http-equiv="refresh" content="30"></noscript>'
                   if script else "")
        return (f'<!DOCTYPE html><html lang="{self.lang.value}"><head><meta charset="utf-8">'
                f'<meta name="viewport" content="width=device-width, initial-scale=1">'
                f"{refresh}<title>{title}</title><style>{_CSS}</style></head>"
                f'<body data-version="{escape(version)}"><header>{head_header}</header>'
                f"{body}{js}</body></html>")


def _minutes(now: dt.datetime, since: dt.datetime) -> int:
    return max(0, int((now - since).total_seconds() // 60))
