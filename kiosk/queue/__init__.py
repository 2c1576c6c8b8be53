"""The queue after the ticket: desks call, serve, transfer; people ahead; the call board.

Qt-free. Every desk action is a ``queue_events`` row with its outbox row, committed in the
same transaction as the ticket's new status, so the regional server learns real waiting
and service times.
"""
