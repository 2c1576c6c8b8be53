"""The documents checklist for a service, with a QR to its online page."""

from __future__ import annotations

from kiosk.catalogue import Service
from kiosk.catalogue.channels import where_to_apply
from kiosk.i18n import N_
from printers.document import Align, Document, Feed, Qr, Rule, Text
from printers.receipts.context import ReceiptContext


def service_checklist(service: Service, ctx: ReceiptContext) -> Document:
    """What to bring, what it costs, how long it takes, where to apply, on what legal basis."""
    blocks: list[Text | Rule | Qr | Feed] = [
        Text(ctx.akimat_name, Align.CENTER, bold=True),
        Rule(),
        Text(ctx.text(service.name), bold=True),
        Feed(),
        Text(ctx.t(N_("Documents to bring:")), bold=True),
    ]
    if service.documents:
        blocks.extend(Text(f"{index}. {ctx.text(doc)}")
                      for index, doc in enumerate(service.documents, start=1))
    else:
        blocks.append(Text(ctx.t(N_("No documents are needed."))))
    where = where_to_apply(service.channels, ctx.t)
    blocks += [
        Feed(),
        Text(ctx.t(N_("Cost: {cost}", cost=ctx.text(service.cost)))),
        Text(ctx.t(N_("Time: {duration}", duration=ctx.text(service.duration)))),
        Text(ctx.t(N_("Where to apply: {where}", where=where))),
        Text(ctx.t(N_("Legal basis: {basis}", basis=ctx.text(service.legal_basis)))),
    ]
    if service.egov_url:
        blocks.append(Qr(service.egov_url, 6, caption=ctx.t(N_("Apply online: scan the code"))))
    return Document(tuple(blocks), title=f"checklist {service.id}")
