"""The regional server: receives kiosk records exactly once, publishes catalogues and
announcements, answers status look-ups (API and the public ``/t/<code>`` page) and lets
akimat staff set statuses and replies.

Installed with the ``server`` extra (FastAPI, uvicorn, psycopg); started with
``kiosk-server serve`` (``sync.server.cli:main``). Storage is SQLite by default, or
PostgreSQL when given a ``postgresql://`` URL.
"""
