"""Password hashing: argon2id with production parameters, and the one strength rule.

The cost is a parameter of the desk (AppContext takes a `PasswordHashing`) so that tests, which
create hundreds of accounts, can use cheap parameters; the desk itself always uses
`PasswordHashing.production()`. A stored hash carries its own parameters, so a hash made with
either verifies with either."""

from __future__ import annotations

from dataclasses import dataclass, field

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from app.core.errors import InvalidInput

MIN_PASSWORD_LENGTH = 8

# argon2-cffi's defaults (RFC 9106's "low memory" choice): 3 passes over 64 MiB, 4 lanes.
PRODUCTION_TIME_COST = 3
PRODUCTION_MEMORY_KIB = 65536
PRODUCTION_PARALLELISM = 4

# A hash of a random password nobody kept, made with the production parameters: a log-in with a
# name that has no account is checked against it, so that it takes as long as a wrong password
# for a real account. Kept as a constant because hashing it at the first log-in would make that
# log-in slower, and each `chudan --as` is a first log-in.
_PRODUCTION_DUMMY_HASH = "$argon2id$v=19$m=65536,t=3,p=4$DUGINXawJ5SQzhLe/4eSpA$78hyTnn2J5Vfigq5nTxZFM+w0NHNBDz6+dYiSlQVwtQ"


def check_password_strength(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise InvalidInput(
            f"The password must have at least {MIN_PASSWORD_LENGTH} characters; choose a longer one.",
            zh=f"密码至少需要 {MIN_PASSWORD_LENGTH} 个字符，请设置更长的密码。",
        )


@dataclass(frozen=True)
class PasswordHashing:
    time_cost: int
    memory_kib: int
    parallelism: int
    _hasher: PasswordHasher = field(init=False, repr=False, compare=False)
    _dummy: list[str] = field(init=False, repr=False, compare=False, default_factory=list)

    def __post_init__(self) -> None:
        object.__setattr__(
            self,
            "_hasher",
            PasswordHasher(
                time_cost=self.time_cost, memory_cost=self.memory_kib, parallelism=self.parallelism
            ),
        )

    @classmethod
    def production(cls) -> PasswordHashing:
        return cls(PRODUCTION_TIME_COST, PRODUCTION_MEMORY_KIB, PRODUCTION_PARALLELISM)

    def hash(self, password: str) -> str:
        check_password_strength(password)
        return self._hasher.hash(password)

    def dummy_hash(self) -> str:
        """A hash with these parameters that no password matches (see _PRODUCTION_DUMMY_HASH)."""
        if self == PasswordHashing.production():
            return _PRODUCTION_DUMMY_HASH
        if not self._dummy:  # other parameters (the tests'): made once per instance
            import secrets

            self._dummy.append(self._hasher.hash(secrets.token_urlsafe(32)))
        return self._dummy[0]

    def verify(self, password_hash: str, password: str) -> bool:
        try:
            return self._hasher.verify(password_hash, password)
        except (VerificationError, InvalidHashError):
            return False
