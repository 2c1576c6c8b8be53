"""The throwaway PostgreSQL cluster of the tests (it lives in sync.server.pgcluster, which the
benchmarks share)."""

from __future__ import annotations

from sync.server.pgcluster import SERVER_OPTIONS, PostgresCluster, find_bindir

__all__ = ["SERVER_OPTIONS", "PostgresCluster", "find_bindir"]
