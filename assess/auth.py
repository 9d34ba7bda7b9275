"""Who may do what (SPEC §8): users, roles, committee scope, password and OIDC sign-in.

The deployment's users live in a TOML file (``config/users.toml``, or ``$ASSESS_USERS``; never
committed — see ``config/users.example.toml``)::

    [users.zhang]
    password_hash = "$argon2id$…"      # from `python -m assess.auth add zhang --role uploader`
    role = "uploader"                   # viewer | uploader | admin
    committees = ["一党委"]             # optional: the only committees this user sees
    display_name = "张组织"
    oidc_email = "zhang@example.com"    # optional: sign-in through st.login (OIDC)

Passwords are hashed with argon2id (argon2-cffi, salted and deliberately slow). Whether viewing
needs a sign-in is the ``[access]`` table of the configuration file (see :func:`load_policy`).
Pure: no Streamlit; the dashboard keeps the signed-in :class:`User` in its session.

Command line (the password is read from a prompt or standard input, never from argv)::

    python -m assess.auth [--file PATH] add NAME --role uploader [--committee 一党委]…
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Iterable, Mapping, Sequence, TextIO

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from assess.config import DEFAULT_CONFIG, ROOT
from assess.i18n import t
from assess.problems import Problem, ProblemError
from assess.signin import hash_slot

DEFAULT_USERS = ROOT / "config" / "users.toml"
ROLES = ("viewer", "uploader", "admin")
WRITERS = ("uploader", "admin")  # SPEC §8: uploading and rollback need one of these roles
USER_FIELDS = ("role", "display_name", "committees", "oidc_email", "oidc_sub", "password_hash")
ACCESS_FIELDS = ("require_login", "users_file")
MIN_PASSWORD_LENGTH = 8
MAX_NAME_LENGTH = 64

_HASHER = PasswordHasher()  # argon2id with the library's RFC 9106 defaults
# Verified when the user is unknown, so that an unknown name costs as much time as a known one.
_DUMMY_HASH = "$argon2id$v=19$m=65536,t=3,p=4$qAeV569wSJk67oNvByGtag$A4luRYMYMJJaW+WNwjVqU2oavVbG99pRB+Fo1nnPkcA"


@dataclass(frozen=True)
class User:
    """A person and what they may do. ``committees`` None means every committee."""

    name: str
    role: str = "viewer"
    committees: tuple[str, ...] | None = None
    display_name: str = ""
    oidc_email: str | None = None
    oidc_sub: str | None = None
    password_hash: str | None = field(default=None, repr=False, compare=False)

    @property
    def is_anonymous(self) -> bool:
        return self.name == ""

    @property
    def label(self) -> str:
        """What the UI shows: the display name, else the user name (empty for the anonymous viewer)."""
        return self.display_name or self.name

    @property
    def can_view(self) -> bool:
        return self.role in ROLES

    @property
    def can_upload(self) -> bool:
        return self.role in WRITERS

    @property
    def can_rollback(self) -> bool:
        return self.role in WRITERS

    @property
    def can_manage_users(self) -> bool:
        return self.role == "admin"

    def allowed_committees(self, all_committees: Iterable[str]) -> list[str]:
        """The committees of ``all_committees`` this user sees, in their order, without repeats."""
        existing = list(dict.fromkeys(all_committees))
        if self.committees is None:
            return existing
        scope = set(self.committees)
        return [c for c in existing if c in scope]

    def sees(self, committee: str) -> bool:
        """Whether rows of ``committee`` may be shown to this user."""
        return self.committees is None or committee in self.committees


ANONYMOUS = User(name="", role="viewer")
"""Who a visitor is when viewing is open and nobody signed in: a viewer of every committee."""


@dataclass(frozen=True)
class Policy:
    """The deployment's access rules: whether viewing needs a sign-in, and where the users are."""

    require_login: bool = False
    users_file: Path = DEFAULT_USERS

    def visitor(self, signed_in: User | None) -> User | None:
        """Who the session acts as: the signed-in user, else the anonymous viewer when viewing is
        open, else None (the page must ask for a sign-in)."""
        if signed_in is not None:
            return signed_in
        return None if self.require_login else ANONYMOUS


def users_path(value: str | os.PathLike | None = None) -> Path:
    """The users file: ``value``, else ``$ASSESS_USERS``, else ``config/users.toml``."""
    return Path(value or os.environ.get("ASSESS_USERS") or DEFAULT_USERS)


def load_policy(config_path: str | os.PathLike | None = None) -> Policy:
    """The ``[access]`` table of the configuration TOML (``config/assess.toml`` / ``$ASSESS_CONFIG``).

    Keys: ``require_login`` (bool, default false: viewing is open), ``users_file`` (path, relative
    to the project; ``$ASSESS_USERS`` wins over it; default ``config/users.toml``). No file, no
    table: open viewing. Raises :class:`ProblemError` on an unknown key or a value of the wrong type.
    """
    path = Path(config_path or os.environ.get("ASSESS_CONFIG") or DEFAULT_CONFIG)
    raw: dict[str, Any] = {}
    if path.exists():
        raw = _parse_toml(path).get("access", {})
        if not isinstance(raw, Mapping):
            raise ProblemError([_bad_value(str(path), "access", "{ require_login = true }")])
    return policy_from_mapping(raw, source=str(path))


def policy_from_mapping(raw: Mapping[str, Any], source: str = "") -> Policy:
    """A :class:`Policy` from the keys of an ``[access]`` table (see :func:`load_policy`)."""
    problems = [_unknown_key(source, f"access.{k}", ACCESS_FIELDS) for k in raw if k not in ACCESS_FIELDS]
    require_login = raw.get("require_login", False)
    if not isinstance(require_login, bool):
        problems.append(_bad_value(source, "access.require_login", "true"))
    users_file = raw.get("users_file")
    if users_file is not None and not (isinstance(users_file, str) and users_file.strip()):
        problems.append(_bad_value(source, "access.users_file", '"config/users.toml"'))
    if problems:
        raise ProblemError(problems)
    if os.environ.get("ASSESS_USERS") or not users_file:
        return Policy(require_login=require_login, users_file=users_path())
    return Policy(require_login=require_login, users_file=ROOT / users_file)


def load_users(path: str | os.PathLike | None = None, *, missing_ok: bool = False) -> dict[str, User]:
    """``{name: User}`` from the users file (see the module docstring for the format).

    A missing file gives ``{}`` when ``missing_ok`` (open viewing, nobody may upload), else an
    error. Raises :class:`ProblemError` listing every problem of a malformed file, each located
    as ``file › users.NAME.key``.
    """
    path = users_path(path)
    if not path.exists():
        if missing_ok:
            return {}
        raise ProblemError([Problem("users_file_missing", str(path))])
    return users_from_mapping(_parse_toml(path), source=str(path))


def users_from_mapping(raw: Mapping[str, Any], source: str = "") -> dict[str, User]:
    """``{name: User}`` from a parsed users document; :class:`ProblemError` lists every problem."""
    problems = [_unknown_key(source, k, ("users",)) for k in raw if k != "users"]
    table = raw.get("users", {})
    if not isinstance(table, Mapping):
        raise ProblemError(problems + [Problem("users_not_table", source, cell="users")])
    users: dict[str, User] = {}
    for name, entry in table.items():
        user = _user(source, name, entry, problems)
        if user is not None:
            users[name] = user
    problems += _duplicate_identities(source, users)
    if problems:
        raise ProblemError(problems)
    return users


def _user(source: str, name: str, entry: Any, problems: list[Problem]) -> User | None:
    where = f"users.{name}"
    if not valid_name(name):
        problems.append(Problem("user_name_invalid", source, cell=where, params={"name": name}))
    if not isinstance(entry, Mapping):
        problems.append(Problem("users_not_table", source, cell=where))
        return None
    found = len(problems)
    problems += [_unknown_key(source, f"{where}.{k}", USER_FIELDS) for k in entry if k not in USER_FIELDS]
    role = entry.get("role")
    if role is None:
        problems.append(Problem("users_missing_role", source, cell=where, params={"name": name}))
    elif role not in ROLES:
        problems.append(Problem("users_unknown_role", source, cell=f"{where}.role", params={"role": role}))
    text = {}
    for key in ("display_name", "oidc_email", "oidc_sub", "password_hash"):
        value = entry.get(key)
        if value is not None and not (isinstance(value, str) and (value.strip() or key == "display_name")):
            problems.append(_bad_value(source, f"{where}.{key}", '"…"'))
        else:
            text[key] = value
    pw_hash = text.get("password_hash")
    if pw_hash and not pw_hash.startswith("$argon2"):
        problems.append(Problem("users_bad_hash", source, cell=f"{where}.password_hash"))
    email = text.get("oidc_email")
    if email and "@" not in email:
        problems.append(_bad_value(source, f"{where}.oidc_email", '"name@example.com"'))
    committees = entry.get("committees")
    if committees is not None:
        if not isinstance(committees, list) or not all(isinstance(c, str) and c.strip() for c in committees):
            problems.append(_bad_value(source, f"{where}.committees", '["一党委", "二党委"]'))
        elif not committees:
            problems.append(Problem("users_empty_scope", source, cell=f"{where}.committees"))
    if not (pw_hash or email or text.get("oidc_sub")):
        problems.append(Problem("users_no_credential", source, cell=where, params={"name": name}))
    if len(problems) > found:
        return None
    return User(
        name=name,
        role=role,
        committees=tuple(dict.fromkeys(c.strip() for c in committees)) if committees else None,
        display_name=(text.get("display_name") or "").strip(),
        oidc_email=email.strip().lower() if email else None,
        oidc_sub=text.get("oidc_sub"),
        password_hash=pw_hash,
    )


def _duplicate_identities(source: str, users: Mapping[str, User]) -> list[Problem]:
    """An e-mail or OIDC subject mapped to two users would make the sign-in ambiguous."""
    seen: dict[tuple[str, str], str] = {}
    problems = []
    for user in users.values():
        for kind, identity in (("oidc_email", user.oidc_email), ("oidc_sub", user.oidc_sub)):
            if not identity:
                continue
            other = seen.setdefault((kind, identity), user.name)
            if other != user.name:
                problems.append(Problem(
                    "users_duplicate_identity", source, cell=f"users.{user.name}.{kind}",
                    params={"identity": identity, "name": user.name, "other": other},
                ))
    return problems


def valid_name(name: str) -> bool:
    """A user name: 1–64 printable characters, no whitespace."""
    return 0 < len(name) <= MAX_NAME_LENGTH and name.isprintable() and not any(c.isspace() for c in name)


def hash_password(password: str) -> str:
    """An argon2id hash of ``password`` (a new random salt each call). Raises ValueError if empty."""
    if not password:
        raise ValueError("empty password")
    with hash_slot():
        return _HASHER.hash(password)


def authenticate(users: Mapping[str, User], name: str, password: str) -> User | None:
    """The user when ``password`` is right, else None.

    An unknown name, or a user without a password (OIDC only), is checked against a dummy hash so
    that it takes as long as a wrong password: the timing does not tell which names exist. At
    most :data:`assess.signin.HASH_SLOTS` checks run at once (each holds 64 MiB): a crowd waits
    its turn instead of filling the memory.
    """
    user = users.get(name)
    stored = user.password_hash if user is not None else None
    try:
        with hash_slot():
            _HASHER.verify(stored or _DUMMY_HASH, password)
    except (VerificationError, InvalidHashError):
        return None
    return user if stored else None


def user_from_oidc(claims: Mapping[str, Any], users: Mapping[str, User]) -> User | None:
    """The user an OIDC identity (``st.user`` claims) maps to, or None when it maps to nobody.

    Matches ``sub`` against ``oidc_sub`` first, then ``email`` (case-insensitive) against
    ``oidc_email`` — unless the provider says the address is not verified. The display name
    falls back to the provider's ``name`` claim.
    """
    sub = claims.get("sub")
    email = str(claims.get("email") or "").strip().lower()
    verified = claims.get("email_verified", True) not in (False, "false", "False", 0)
    match = None
    if sub:
        match = next((u for u in users.values() if u.oidc_sub and u.oidc_sub == str(sub)), None)
    if match is None and email and verified:
        match = next((u for u in users.values() if u.oidc_email == email), None)
    if match is None:
        return None
    return replace(match, display_name=match.display_name or str(claims.get("name") or ""))


# --- writing the users file (the command line) ---------------------------------------------------


def save_user(path: str | os.PathLike | None, user: User) -> Path:
    """Add or replace ``user`` in the users file (created when missing); the path written.

    The file is rewritten in a canonical layout (its comments are not kept), atomically, readable
    by its owner only. Raises :class:`ProblemError` when the existing file is malformed or the
    result would be.
    """
    path = users_path(path)
    users = load_users(path, missing_ok=True)
    users[user.name] = user
    text = dump_users(users)
    users_from_mapping(tomllib.loads(text), source=str(path))  # never write a file we cannot read
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(text)
    os.replace(tmp, path)
    return path


def dump_users(users: Mapping[str, User]) -> str:
    """The TOML text of a users file holding ``users``."""
    lines = [
        "# Users of this deployment (SPEC §8). Written by `python -m assess.auth add`; never commit it.",
        "# Format: config/users.example.toml.",
    ]
    for user in users.values():
        lines += ["", f"[users.{_toml_str(user.name)}]", f"role = {_toml_str(user.role)}"]
        if user.display_name:
            lines.append(f"display_name = {_toml_str(user.display_name)}")
        if user.committees is not None:
            lines.append(f"committees = [{', '.join(_toml_str(c) for c in user.committees)}]")
        for key in ("oidc_email", "oidc_sub", "password_hash"):
            if getattr(user, key):
                lines.append(f"{key} = {_toml_str(getattr(user, key))}")
    return "\n".join(lines) + "\n"


def _toml_str(value: str) -> str:
    """A TOML basic string: quotes, backslashes and control characters escaped."""
    out = []
    for ch in value:
        if ch in '"\\':
            out.append("\\" + ch)
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def _parse_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ProblemError([Problem("users_file_syntax", str(path), params={"detail": str(exc)})]) from exc


def _unknown_key(source: str, where: str, known: Sequence[str]) -> Problem:
    return Problem("users_unknown_key", source, cell=where, params={"setting": where.rsplit(".", 1)[-1], "known": ", ".join(known)})


def _bad_value(source: str, where: str, example: str) -> Problem:
    """A value of the wrong kind; ``example`` is a TOML value of the right kind (language-neutral)."""
    return Problem("users_bad_value", source, cell=where, params={"setting": where.rsplit(".", 1)[-1], "example": example})


def read_password(name: str, lang: str, stdin: TextIO | None = None) -> str:
    """The new password: prompted twice on a terminal, else the first line of standard input.

    Raises :class:`ProblemError` when it is empty, too short or the two entries differ.
    """
    stdin = stdin or sys.stdin
    if stdin.isatty():
        password = getpass.getpass(t("access.cli.password_prompt", lang, name=name))
        if password != getpass.getpass(t("access.cli.password_repeat", lang)):
            raise ProblemError([Problem("password_mismatch")])
    else:
        password = stdin.readline().rstrip("\r\n")
    if not password:
        raise ProblemError([Problem("password_empty")])
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ProblemError([Problem("password_too_short", params={"min": MIN_PASSWORD_LENGTH})])
    return password


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m assess.auth", description="manage the users file (SPEC §8)")
    p.add_argument("--file", help="users file (default: $ASSESS_USERS or config/users.toml)")
    p.add_argument("--lang", choices=("zh", "en"), default=os.environ.get("ASSESS_LANG", "zh"))
    sub = p.add_subparsers(dest="command", required=True)
    add = sub.add_parser("add", help="add or update a user; the password comes from a prompt or stdin")
    add.add_argument("name", metavar="NAME")
    add.add_argument("--role", choices=ROLES, required=True)
    add.add_argument("--committee", action="append", dest="committees", metavar="COMMITTEE",
                     help="limit the user to this committee (repeat for several; none = every committee)")
    add.add_argument("--display-name", default=None)
    add.add_argument("--oidc-email", default=None, help="sign-in e-mail of the OIDC provider (st.login)")
    add.add_argument("--no-password", action="store_true",
                     help="keep the current password (or none, for an OIDC-only user)")
    sub.add_parser("hash", help="print the argon2id hash of a password read from a prompt or stdin")
    return p


def main(argv: Sequence[str] | None = None, stdin: TextIO | None = None, stdout: TextIO | None = None,
         stderr: TextIO | None = None) -> int:
    """Run the command line; the exit code (0 done, 1 refused, 2 usage error)."""
    stdout, stderr = stdout or sys.stdout, stderr or sys.stderr
    args = _parser().parse_args(argv)
    try:
        if args.command == "hash":
            print(hash_password(read_password("-", args.lang, stdin)), file=stdout)
            return 0
        return _add(args, stdin, stdout)
    except ProblemError as err:
        for problem in err.problems:
            print(problem.render(args.lang), file=stderr)
        return 1


def _add(args: argparse.Namespace, stdin: TextIO | None, stdout: TextIO) -> int:
    if not valid_name(args.name):
        raise ProblemError([Problem("user_name_invalid", params={"name": args.name})])
    path = users_path(args.file)
    current = load_users(path, missing_ok=True).get(args.name)
    if args.no_password:
        pw_hash = current.password_hash if current else None
    else:
        pw_hash = hash_password(read_password(args.name, args.lang, stdin))
    user = User(
        name=args.name, role=args.role,
        committees=tuple(dict.fromkeys(args.committees)) if args.committees else None,
        display_name=args.display_name if args.display_name is not None else (current.display_name if current else ""),
        oidc_email=(args.oidc_email.strip().lower() if args.oidc_email else (current.oidc_email if current else None)),
        oidc_sub=current.oidc_sub if current else None,
        password_hash=pw_hash,
    )
    written = save_user(path, user)
    print(t("access.cli.user_saved", args.lang, name=user.name, role=user.role, path=written), file=stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
