"""Encrypted backups of the database and the private documents.

Archive format (version 1): the magic bytes, a random salt, then the tar.gz of
`data.json` (Django's dumpdata) and `documents/`, cut into chunks, each sealed with AES-256-GCM.
The key comes from the passphrase through scrypt. Each chunk's associated data carries its index
and whether it is the last, so a truncated, reordered or altered archive is refused instead of
restoring half a database.
"""

import os
import struct
from collections.abc import Iterator
from typing import BinaryIO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

MAGIC = b"RUQSAT-BACKUP-1\n"
SALT_BYTES = 16
CHUNK_BYTES = 1024 * 1024
_LENGTH = struct.Struct(">I")


class BackupError(Exception):
    pass


def derive_key(passphrase: str, salt: bytes) -> bytes:
    if not passphrase:
        raise BackupError("BACKUP_PASSPHRASE is empty: set it in the environment.")
    return Scrypt(salt=salt, length=32, n=2**15, r=8, p=1).derive(passphrase.encode())


def _associated_data(index: int, last: bool) -> bytes:
    return struct.pack(">Q?", index, last)


def encrypt_stream(source: BinaryIO, target: BinaryIO, passphrase: str) -> None:
    salt = os.urandom(SALT_BYTES)
    aead = AESGCM(derive_key(passphrase, salt))
    target.write(MAGIC + salt)
    index = 0
    chunk = source.read(CHUNK_BYTES)
    while True:
        following = source.read(CHUNK_BYTES)
        last = not following
        nonce = os.urandom(12)
        sealed = aead.encrypt(nonce, chunk, _associated_data(index, last))
        target.write(_LENGTH.pack(len(sealed)) + nonce + sealed)
        if last:
            return
        chunk, index = following, index + 1


def decrypt_chunks(source: BinaryIO, passphrase: str) -> Iterator[bytes]:
    if source.read(len(MAGIC)) != MAGIC:
        raise BackupError("This is not a Ruqsat backup archive.")
    salt = source.read(SALT_BYTES)
    aead = AESGCM(derive_key(passphrase, salt))
    index = 0
    while True:
        header = source.read(_LENGTH.size)
        if len(header) < _LENGTH.size:
            raise BackupError("The archive is truncated.")
        (length,) = _LENGTH.unpack(header)
        nonce, sealed = source.read(12), source.read(length)
        if len(sealed) < length:
            raise BackupError("The archive is truncated.")
        for last in (False, True):
            try:
                plain = aead.decrypt(nonce, sealed, _associated_data(index, last))
            except InvalidTag:
                continue
            yield plain
            if last:
                return
            break
        else:
            raise BackupError("Wrong passphrase, or the archive was altered.")
        index += 1
