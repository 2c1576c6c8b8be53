"""Passwords are stored as salted scrypt hashes, never as themselves."""

from __future__ import annotations

import base64
import hashlib

import pytest

from kiosk.passwords import SCRYPT_N, SCRYPT_P, SCRYPT_R, hash_password, verify_password
from sync.server.accounts import Accounts, LoginRefused
from tests.sync.server.console.conftest import PASSWORD, TEST_SCRYPT_N, World


def parts(stored: str) -> tuple[str, int, int, int, bytes, bytes]:
    """(scheme, N, r, p, salt, digest) of a stored hash."""
    scheme, n, r, p, salt, digest = stored.split("$")
    return scheme, int(n), int(r), int(p), base64.b64decode(salt), base64.b64decode(digest)


def test_accounts_store_salted_scrypt_hashes_only(world: World) -> None:
    rows = world.store.db.query("SELECT * FROM staff_accounts")
    assert len(rows) == 5  # every fixture account has the same password
    hashes = world.store.db.query("SELECT password_hash FROM staff_accounts")
    assert len({h[0] for h in hashes}) == 5
    assert len({parts(h[0])[4] for h in hashes}) == 5  # five different salts
    for row in rows:
        assert all(PASSWORD not in str(value) for value in row)
    for (stored,) in hashes:
        scheme, n, r, p, salt, digest = parts(stored)
        assert (scheme, n, r, p, len(salt), len(digest)) == ("scrypt", TEST_SCRYPT_N, SCRYPT_R,
                                                             SCRYPT_P, 16, 32)
        # It is scrypt of the password with that salt, nothing weaker.
        assert digest == hashlib.scrypt(PASSWORD.encode(), salt=salt, n=n, r=r, p=p, dklen=32)
        for weak in (hashlib.sha256(PASSWORD.encode()).digest(), PASSWORD.encode()):
            assert weak not in (digest, salt)


def test_the_production_cost_is_memory_hard() -> None:
    stored = hash_password("Another-Secret-Words")
    scheme, n, r, p, _, _ = parts(stored)
    assert (scheme, n, r, p) == ("scrypt", SCRYPT_N, SCRYPT_R, SCRYPT_P)
    assert 128 * r * n >= 32 * 1024 * 1024  # at least 32 MiB per guess
    assert verify_password(stored, "Another-Secret-Words")
    assert not verify_password(stored, "another-secret-words")


def test_two_hashes_of_one_password_differ() -> None:
    first, second = (hash_password(PASSWORD, n=TEST_SCRYPT_N) for _ in range(2))
    assert first != second
    assert verify_password(first, PASSWORD) and verify_password(second, PASSWORD)


@pytest.mark.parametrize("stored", ["", "scrypt", "scrypt$1024$8$1$AAAA$AAAA$extra",
                                    "bcrypt$1024$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAA",
                                    "scrypt$x$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAA",
                                    "scrypt$1000$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAA",
                                    "scrypt$1024$8$1$!!!$AAAA", PASSWORD])
def test_an_unreadable_hash_matches_nothing(stored: str) -> None:
    assert verify_password(stored, PASSWORD) is False


def test_a_changed_password_replaces_the_hash(world: World) -> None:
    accounts = Accounts(world.store.db, world.clock, scrypt_n=TEST_SCRYPT_N)
    before = world.store.db.query("SELECT password_hash FROM staff_accounts "
                                  "WHERE login = 'clerk.a'")[0][0]
    accounts.set_password("clerk.a", "Brand-New-Password-9")
    after = world.store.db.query("SELECT password_hash FROM staff_accounts "
                                 "WHERE login = 'clerk.a'")[0][0]
    assert after != before and "Brand-New-Password-9" not in after
    with pytest.raises(LoginRefused):
        accounts.authenticate("clerk.a", PASSWORD)
    assert accounts.authenticate("clerk.a", "Brand-New-Password-9").login == "clerk.a"
