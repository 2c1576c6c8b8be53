"""print_time and receipt_bytes count the same bytes on the wire."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.print_time import measure
from benchmarks.receipt_bytes import protocol_bytes, ticket_bytes
from printers.profiles import JobConfirmation, load_profile


def test_protocol_bytes_follow_the_profiles_job_confirmation() -> None:
    gs_r, status = load_profile("generic-58"), load_profile("safe-default")
    assert gs_r.job_confirmation is JobConfirmation.GS_R
    assert status.job_confirmation is JobConfirmation.STATUS
    assert protocol_bytes(gs_r) == 6 + 3 + 6  # DLE EOT 1 and 4, GS r 1, DLE EOT 1 and 4
    assert protocol_bytes(status) == 3 * 6  # before, on the wire, after settling


@pytest.mark.slow
@pytest.mark.parametrize("profile_id", ["generic-58", "safe-default"])
def test_a_paced_print_takes_at_least_the_wire_time(tmp_path: Path, profile_id: str) -> None:
    profile = load_profile(profile_id)
    seconds, wire_bytes = measure(profile, 1, tmp_path)  # raises unless printed and counted

    assert wire_bytes == len(ticket_bytes(profile)) + protocol_bytes(profile)
    assert seconds[0] >= wire_bytes * 10 / profile.baudrate
