"""Backups sealed with age (docs/SPEC.md section 11; docs/security.md, "Backups").

A backup holds every record of the practice, private psychotherapy notes included, so it is
encrypted before it touches the disk: to one or more age public keys (`--recipient age1...`,
decrypted later with the matching identity file) or with a passphrase
(SANCTUARY_BACKUP_PASSPHRASE, or typed on a terminal). Plain dumps only with `--plaintext`.
pyrage (the Rust age implementation) is imported only by the commands that seal or open.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sanctuary_cli.errors import UserError

AGE_MAGIC = b"age-encryption.org/v1"
DUMP_MAGIC = b"PGDMP"  # pg_dump's custom format
MIN_PASSPHRASE = 12


@dataclass(frozen=True)
class Sealing:
    """How to seal a backup: to age recipients, with a passphrase, or (asked for) not at all."""

    recipients: tuple[str, ...] = ()
    passphrase: str | None = None
    plaintext: bool = False

    def describe(self) -> str:
        if self.plaintext:
            return "not encrypted (--plaintext)"
        if self.recipients:
            return f"encrypted with age to {len(self.recipients)} recipient(s)"
        return "encrypted with age and a passphrase"


def checked_sealing(
    recipients: list[str] | None, passphrase: str | None, plaintext: bool
) -> Sealing:
    """One way to seal, and a usable one; a UserError says what to give instead."""
    recipients = [r.strip() for r in recipients or [] if r.strip()]
    if plaintext and (recipients or passphrase):
        raise UserError("--plaintext writes an unencrypted backup: give it alone")
    if plaintext:
        return Sealing(plaintext=True)
    if recipients:
        import pyrage

        for recipient in recipients:
            try:
                pyrage.x25519.Recipient.from_str(recipient)
            except Exception:
                raise UserError(f"{recipient[:24]!r} is not an age public key (age1...)") from None
        return Sealing(recipients=tuple(recipients))
    if not passphrase:
        raise UserError(
            "A backup is encrypted: give --recipient AGE_PUBLIC_KEY, set "
            "SANCTUARY_BACKUP_PASSPHRASE, or run it on a terminal to type a passphrase "
            "(--plaintext only if you must)"
        )
    if len(passphrase) < MIN_PASSPHRASE:
        raise UserError(f"A backup passphrase needs at least {MIN_PASSPHRASE} characters")
    return Sealing(passphrase=passphrase)


def seal(dump: bytes, sealing: Sealing) -> bytes:
    if sealing.plaintext:
        return dump
    import pyrage

    if sealing.recipients:
        keys = [pyrage.x25519.Recipient.from_str(r) for r in sealing.recipients]
        return pyrage.encrypt(dump, keys)
    return pyrage.passphrase.encrypt(dump, sealing.passphrase)


def is_sealed(data: bytes) -> bool:
    return data.startswith(AGE_MAGIC)


def unseal(data: bytes, *, identity: Path | None, passphrase: str | None) -> bytes:
    """The dump inside a backup file: opened with the identity file or the passphrase."""
    if not is_sealed(data):
        if data.startswith(DUMP_MAGIC):
            return data  # an unencrypted backup (--plaintext, or written before encryption)
        raise UserError("This is neither a Sanctuary backup nor an age-encrypted file")
    import pyrage

    try:
        if identity is not None:
            return pyrage.decrypt(data, read_identities(identity))
        if passphrase:
            return pyrage.passphrase.decrypt(data, passphrase)
    except pyrage.DecryptError:
        raise UserError(
            "Cannot decrypt the backup with that identity or passphrase; nothing was restored"
        ) from None
    raise UserError(
        "The backup is encrypted: give --identity FILE or set SANCTUARY_BACKUP_PASSPHRASE"
    )


def read_identities(path: Path) -> list:
    """The age identities (AGE-SECRET-KEY-1...) of an identity file, comments skipped."""
    import pyrage

    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        raise UserError(f"Cannot read the identity file {path}") from None
    keys = [line.strip() for line in lines if line.strip().startswith("AGE-SECRET-KEY-")]
    try:
        identities = [pyrage.x25519.Identity.from_str(key) for key in keys]
    except Exception:
        raise UserError(f"{path} holds an identity that is not an age secret key") from None
    if not identities:
        raise UserError(f"{path} holds no age identity (AGE-SECRET-KEY-1...)")
    return identities
