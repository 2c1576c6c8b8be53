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
header{background:#00457c;color:#fff;padding:.5rem 1rem;display:flex;flex-wrap:wrap;
 gap:.2rem 1.2rem;align-items:center;justify-content:space-between}
header h1{font-size:1.2rem;line-height:1.3;margin:0}
header .who{flex:1 1 18rem;min-width:0}
header .sub{margin:0;color:#dfe8f1;font-size:.95rem}
header .tools{display:flex;flex-wrap:wrap;align-items:center;gap:.2rem .6rem}
header button{background:transparent;color:#fff;border-color:#fff;min-height:2.75rem;
 padding:.3rem 1rem}
nav.lang{display:flex;flex-wrap:wrap}
nav.lang a{display:inline-flex;align-items:center;min-height:2.75rem;padding:0 .5rem;color:#fff}
nav.lang a[aria-current]{font-weight:700;text-decoration:none}
main{max-width:60rem;margin:0 auto;padding:1rem}
main.narrow{max-width:30rem;padding-top:2rem}
main.narrow input,main.narrow .row>form,main.narrow button.primary{width:100%;max-width:none}
.card{background:#fff;border:1px solid #c9d2dc;border-radius:.6rem;padding:1rem;margin-bottom:1rem}
.card h2{font-size:1.3rem;margin:0 0 .4rem}
.now{font-size:3.2rem;line-height:1.15;font-weight:700;letter-spacing:.03em;margin:.2rem 0;
 display:flex;flex-wrap:wrap;align-items:center;gap:.2rem 1rem}
.now .badge{font-size:1.1rem;letter-spacing:0;padding:.15rem .8rem}
.muted{color:#4a5868}
.facts{margin:.2rem 0}
.row{display:flex;flex-wrap:wrap;gap:.6rem;margin-top:.8rem}
.row>form{margin:0;display:flex}
.row>form>button{flex:1 1 auto}
.nowrap{white-space:nowrap}
button{font:inherit;font-weight:600;min-height:3rem;padding:.5rem 1.2rem;border-radius:.5rem;
 border:2px solid #00457c;background:#fff;color:#00457c;cursor:pointer;line-height:1.2}
button.primary{background:#00457c;color:#fff;font-size:1.3rem;min-height:4rem;
 padding:.5rem 2rem}
button.good{background:#16794a;border-color:#16794a;color:#fff;font-size:1.2rem}
.current .row button{min-height:3.5rem}
button.bad{border-color:#a32018;color:#a32018}
button:focus-visible,select:focus-visible,input:focus-visible,a:focus-visible{
 outline:3px solid #f5b700;outline-offset:2px}
button[disabled]{opacity:.55;cursor:default}
select,input{font:inherit;min-height:3rem;padding:.3rem .6rem;border:2px solid #5b6b7c;
 border-radius:.4rem;background:#fff;max-width:100%}
input{width:100%;max-width:24rem}
.transfer{margin-top:1.4rem;padding-top:1rem;border-top:1px solid #dde3ea}
.transfer label{width:100%;margin:0}
.transfer select{flex:1 1 18rem;min-width:0}
label{display:block;font-weight:600;margin:.6rem 0 .2rem}
.flash{padding:.8rem 1rem;border-radius:.5rem;margin:0 0 1rem;font-weight:600}
.flash.ok{background:#dcf5e3;color:#0f4d27}
.flash.error{background:#fde2e1;color:#7a1610}
#offline{display:none;background:#7a1610;color:#fff;padding:.8rem 1rem;font-weight:700}
table{width:100%;max-width:40rem;border-collapse:collapse}
th,td{text-align:left;padding:.45rem .5rem;border-bottom:1px solid #dde3ea;vertical-align:top}
th{font-size:.9rem;color:#4a5868;font-weight:600}
td.num,th.num{text-align:right}
.badge{display:inline-block;background:#fff4d6;color:#6b4d00;border:1px solid #e0b84a;
 border-radius:1rem;padding:0 .6rem;font-size:.85rem;font-weight:700;white-space:nowrap}
.paused{background:#fff4d6;color:#6b4d00;padding:.6rem 1rem;border-radius:.5rem;font-weight:700}
@media (max-width:40rem){body{font-size:17px}header{padding:.4rem .8rem}
 header h1{font-size:1.05rem}header .sub{font-size:.85rem}main{padding:.6rem}
 header .tools{width:100%;justify-content:space-between;flex-wrap:nowrap}
 nav.lang a{padding:0 .35rem;font-size:.95rem}header button{padding:.3rem .7rem}
 .card{padding:.8rem}.now{font-size:2.6rem}
 .row>form{flex:1 1 9rem}.row>form.wide{flex-basis:100%}.row button{width:100%}
 .transfer button{flex:1 1 100%}th,td{padding:.4rem .3rem}
 td .badge{display:block;width:max-content;margin-top:.15rem}}
"""

_SCRIPT = """
(function(){
  var version = document.body.getAttribute('data-version');
  var loaded = Date.now();  // the waiting minutes are redrawn at least once a minute
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
      var stale = data.version !== version || Date.now() - loaded > 60000;
      if (stale && !editing()) { window.location.replace('/desk'); return; }
      schedule();
    };
    r.onerror = r.ontimeout = fail;
    r.send();
  }
  function fail(){ setOffline(true); delay = Math.min(delay * 2, 15000); schedule(); }
  function schedule(){ window.setTimeout(poll, delay); }
  function editing(){
    var a = document.activeElement, to = document.getElementById('to');
    return (a && a.tagName === 'SELECT') || (to && to.value);
  }
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


# Messages live outside f-strings: babel does not extract N_() calls written inside one.
_TECHNICIAN = N_("The kiosk technician gives each desk its login and password.")
_TRANSFER_LABEL = N_("Department to send the ticket to (it keeps its place in the line)")
_OFFLINE = N_("No connection to the kiosk. Retrying… Your last press may not have reached "
              "it: check the ticket shown here when the connection is back.")
_PRIORITY = N_("Priority")


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
        heading, login_label = self.t(N_("Sign in to your desk")), self.t(N_("Desk login"))
        password, sign_in = self.t(N_("Password")), self.t(N_("Sign in"))
        problem = f'<p class="flash error" role="alert">{self.t(error)}</p>' if error else ""
        body = (f'<main class="narrow"><div class="card"><h2>{heading}</h2>'
                f'{problem}<form method="post" action="/desk/login">'
                f'<label for="login">{login_label}</label>'
                f'<input id="login" name="login" autocomplete="username" required '
                f'autocapitalize="none" spellcheck="false" value="{escape(login)}">'
                f'<label for="password">{password}</label>'
                f'<input id="password" name="password" type="password" '
                f'autocomplete="current-password" required>'
                f'<div class="row"><button class="primary" type="submit">{sign_in}</button>'
                f'</div></form><p class="muted">{self.t(_TECHNICIAN)}</p></div></main>')
        akimat = escape(self.catalogue.akimat.name.text(self.lang))
        header = (f'<div class="who"><h1>{akimat}</h1></div>'
                  f'<div class="tools">{self._languages("/desk/login")}</div>')
        return self._page(self.t(N_("Desk sign-in")), header, body, script=False)

    def desk(self, view: DeskView, csrf: str, action_ids: dict[str, str], *,
             flash: Message | None = None, flash_ok: bool = True) -> str:
        """The desk: the ticket at the desk with its buttons, Call next, the line."""
        desk = view.desk
        department = self.catalogue.departments.get(desk.department)
        dept_name = escape(department.name.text(self.lang) if department else desk.department)
        room = self.t(N_("Room {room}", room=desk.room))
        sign_out = self.t(N_("Sign out"))
        header = (f'<div class="who"><h1>{dept_name}</h1><p class="sub">'
                  f'<span class="nowrap">{room}</span> · {escape(desk.specialist)} · '
                  f'<span class="nowrap">{escape(desk.login)}</span></p></div>'
                  f'<div class="tools">{self._languages("/desk")}'
                  f'<form method="post" action="/desk/logout">{self._csrf(csrf)}'
                  f'<button type="submit">{sign_out}</button></form></div>')
        parts = [f'<div id="offline" role="alert">{self.t(_OFFLINE)}</div>', "<main>"]
        if flash is not None:
            tone, role = ("ok", "status") if flash_ok else ("error", "alert")
            parts.append(f'<p class="flash {tone}" role="{role}">{self.t(flash)}</p>')
        parts.append(self._current(view, csrf, action_ids))
        parts.append(self._line(view))
        parts.append("</main>")
        return self._page(f"{room} · {dept_name}", header, "".join(parts),
                          version=view.version)

    def _current(self, view: DeskView, csrf: str, ids: dict[str, str]) -> str:
        out = ['<section class="card current" aria-labelledby="now">']
        if view.desk.paused:
            heading = self.t(N_("Pause"))
            paused = self.t(N_("Your desk is paused: no tickets are called to it."))
            out.append(f'<h2 id="now">{heading}</h2><p class="paused">{paused}</p>'
                       '<div class="row">')
            out.append(self._form("resume", self._csrf(csrf), ids, N_("Resume"), "primary",
                                  wide=True))
            out.append("</div></section>")
            return "".join(out)
        ticket = view.ticket
        if ticket is None:
            heading = self.t(N_("No ticket at your desk"))
            out.append(f'<h2 id="now">{heading}</h2>')
            if view.waiting_total == 0:
                no_one = self.t(N_("No one is waiting now."))
                out.append(f'<p class="muted">{no_one}</p>')
            out.append('<div class="row">')
            out.append(self._form("call", self._csrf(csrf), ids, N_("Call next"), "primary",
                                  wide=True))
            out.append(self._form("pause", self._csrf(csrf), ids, N_("Pause desk"), ""))
            out.append("</div></section>")
            return "".join(out)
        zone = self.catalogue.akimat.timezone
        issued = local_time(ticket.issued_at, zone).strftime("%H:%M")
        waited = _minutes(ticket.called_at or view.now, ticket.issued_at)
        badge = f'<span class="badge">{self.t(_PRIORITY)}</span>' if ticket.priority else ""
        facts = " · ".join(f'<span class="nowrap">{self.t(fact)}</span>' for fact in (
            N_("Taken at: {time}", time=issued), N_("Waited: {minutes} min", minutes=waited),
            N_("Calls: {count}", count=ticket.calls)))
        heading = self.t(N_("At your desk"))
        out.append(f'<h2 id="now">{heading}</h2>'
                   f'<p class="now"><span class="number">{escape(ticket.number)}</span>'
                   f'{badge}</p><p class="muted facts">{facts}</p>')
        seen = (self._csrf(csrf)
                + f'<input type="hidden" name="ticket" value="{escape(ticket.uuid)}">')
        out.append('<div class="row">')
        out.append(self._form("serve", seen, ids, N_("Served"), "good", wide=True))
        out.append(self._form("recall", seen, ids, N_("Call again"), ""))
        out.append(self._form("no_show", seen, ids, N_("Did not come"), "bad"))
        out.append("</div>")
        out.append(self._transfer(ticket.department, seen, ids))
        out.append("</section>")
        return "".join(out)

    def _transfer(self, current: str, fields: str, ids: dict[str, str]) -> str:
        options = "".join(
            f'<option value="{escape(d.id)}">{escape(d.prefix)} · '
            f"{escape(d.name.text(self.lang))}</option>"
            for d in self.catalogue.departments.values() if d.id != current)
        if not options:
            return ""
        choose, transfer = self.t(N_("Choose…")), self.t(N_("Transfer"))
        return (f'<form method="post" action="/desk/action" class="row transfer">'
                f'{fields}'
                f'<input type="hidden" name="action_id" value="{ids["transfer"]}">'
                f'<label for="to">{self.t(_TRANSFER_LABEL)}</label>'
                f'<select id="to" name="to_department" required><option value="">'
                f'{choose}</option>{options}</select>'
                f'<button type="submit" name="action" value="transfer">{transfer}</button>'
                "</form>")

    def _line(self, view: DeskView) -> str:
        heading = self.t(N_("Waiting: {count}", count=view.waiting_total))
        if not view.line:
            return f'<section class="card line"><h2>{heading}</h2></section>'
        zone = self.catalogue.akimat.timezone
        priority = f' <span class="badge">{self.t(_PRIORITY)}</span>'
        rows = "".join(
            f'<tr><td class="num">{index}</td><td><strong>{escape(t.number)}</strong>'
            + (priority if t.priority else "")
            + f"</td><td>{local_time(t.issued_at, zone).strftime('%H:%M')}</td>"
            f'<td class="num">{_minutes(view.now, t.issued_at)}</td></tr>'
            for index, t in enumerate(view.line, start=1))
        ticket, taken, waiting = (self.t(N_("Ticket")), self.t(N_("Taken at")),
                                  self.t(N_("Waiting, min")))
        return (f'<section class="card line"><h2>{heading}</h2><table><thead><tr>'
                f'<th class="num">№</th><th>{ticket}</th><th>{taken}</th>'
                f'<th class="num">{waiting}</th></tr></thead>'
                f"<tbody>{rows}</tbody></table></section>")

    def _form(self, action: str, fields: str, ids: dict[str, str], label: Message,
              css: str, *, wide: bool = False) -> str:
        """A one-button form; ``fields`` are its hidden inputs (the CSRF token, the ticket)."""
        wide_css = ' class="wide"' if wide else ""
        return (f'<form method="post" action="/desk/action"{wide_css}>{fields}'
                f'<input type="hidden" name="action_id" value="{ids[action]}">'
                f'<button type="submit" name="action" value="{action}" class="{css}">'
                f"{self.t(label)}</button></form>")

    @staticmethod
    def _csrf(csrf: str) -> str:
        return f'<input type="hidden" name="csrf" value="{escape(csrf)}">'

    def _languages(self, path: str) -> str:
        """Links to this page in each language (by path: a refused action's page is at
        /desk/action, where a bare ``?lang=`` would ask for a page that does not exist)."""
        current = ' aria-current="true"'
        links = "".join(
            f'<a href="{path}?lang={lang.value}" lang="{lang.value}" hreflang="{lang.value}"'
            f'{current if lang is self.lang else ""}>'
            f"{LANGUAGE_NAMES[lang]}</a>" for lang in LANGUAGES)
        return f'<nav class="lang" aria-label="Language / Тіл / Язык">{links}</nav>'

    def _page(self, title: str, header: str, body: str, *, version: str = "",
              script: bool = True) -> str:
        js = f"<script>{_SCRIPT}</script>" if script else ""
        refresh = ('<noscript><meta http-equiv="refresh" content="30"></noscript>'
                   if script else "")
        return (f'<!DOCTYPE html><html lang="{self.lang.value}"><head><meta charset="utf-8">'
                f'<meta name="viewport" content="width=device-width, initial-scale=1">'
                f"{refresh}<title>{title}</title><style>{_CSS}</style></head>"
                f'<body data-version="{escape(version)}"><header>{header}</header>'
                f"{body}{js}</body></html>")


def _minutes(now: dt.datetime, since: dt.datetime) -> int:
    return max(0, int((now - since).total_seconds() // 60))
