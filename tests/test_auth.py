"""Access control (SPEC §8): users file, password hashing, roles, committee scope, policy, OIDC
and the `python -m assess.auth` command."""

from __future__ import annotations

import io
import string
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assess import auth
from assess.auth import ANONYMOUS, Policy, User
from assess.config import ROOT
from assess.i18n import TEXTS
from assess.problems import ProblemError

PASSWORD = "correct horse"


@pytest.fixture(scope="module")
def pw_hash():
    """One slow hash for the whole module."""
    return auth.hash_password(PASSWORD)


@pytest.fixture
def users(pw_hash):
    return {
        "zhang": User("zhang", "uploader", password_hash=pw_hash),
        "li": User("li", "viewer", committees=("一党委",), oidc_email="li@example.com"),
    }


def write(tmp_path, text: str) -> Path:
    path = tmp_path / "users.toml"
    path.write_text(text, encoding="utf-8")
    return path


def codes(err: pytest.ExceptionInfo) -> list[str]:
    return [p.code for p in err.value.problems]


# --- hashing and verifying ---------------------------------------------------------------------


def test_hashes_are_salted_argon2id():
    first, second = auth.hash_password("same"), auth.hash_password("same")
    assert first != second
    assert first.startswith("$argon2id$") and "same" not in first


def test_empty_password_is_not_hashed():
    with pytest.raises(ValueError):
        auth.hash_password("")


@pytest.mark.parametrize("name, password, expected", [
    ("zhang", PASSWORD, "zhang"),
    ("zhang", "wrong horse", None),
    ("zhang", "", None),
    ("zhang", PASSWORD.upper(), None),
    ("nobody", PASSWORD, None),
    ("li", PASSWORD, None),  # OIDC-only user: no password can sign in
    ("", PASSWORD, None),
])
def test_authenticate(users, name, password, expected):
    user = auth.authenticate(users, name, password)
    assert (user.name if user else None) == expected


def test_unknown_user_is_verified_against_a_dummy_hash(users, monkeypatch):
    """The timing of an unknown name matches a wrong password: a hash is verified either way."""
    verified = []
    real = auth._HASHER

    class Spy:
        def verify(self, h, pw):
            verified.append(h)
            return real.verify(h, pw)

    monkeypatch.setattr(auth, "_HASHER", Spy())
    assert auth.authenticate(users, "nobody", PASSWORD) is None
    assert auth.authenticate(users, "li", PASSWORD) is None
    assert verified == [auth._DUMMY_HASH, auth._DUMMY_HASH]
    assert auth._DUMMY_HASH.startswith("$argon2id$") and not real.check_needs_rehash(auth._DUMMY_HASH)


def test_hash_is_never_shown_in_repr(pw_hash):
    assert pw_hash not in repr(User("a", password_hash=pw_hash))


# --- roles and scope ---------------------------------------------------------------------------


@pytest.mark.parametrize("role, view, upload, rollback, manage", [
    ("viewer", True, False, False, False),
    ("uploader", True, True, True, False),
    ("admin", True, True, True, True),
    ("guest", False, False, False, False),  # never built by load_users; fails closed anyway
])
def test_role_permissions(role, view, upload, rollback, manage):
    user = User("u", role)
    assert (user.can_view, user.can_upload, user.can_rollback, user.can_manage_users) == (view, upload, rollback, manage)


@pytest.mark.parametrize("scope, existing, expected", [
    (None, ["一党委", "二党委", "三党委"], ["一党委", "二党委", "三党委"]),
    (("二党委",), ["一党委", "二党委", "三党委"], ["二党委"]),
    (("三党委", "一党委"), ["一党委", "二党委", "三党委"], ["一党委", "三党委"]),  # data order
    (("已撤销党委",), ["一党委", "二党委"], []),  # scope outside the data: nothing
    (("一党委",), ["一党委", "一党委"], ["一党委"]),
    (None, [], []),
])
def test_allowed_committees_is_scope_intersected_with_existing(scope, existing, expected):
    user = User("u", "viewer", committees=scope)
    assert user.allowed_committees(existing) == expected
    assert [c for c in existing if user.sees(c)] == [c for c in existing if c in expected]


@pytest.mark.parametrize("require_login, signed_in, expected", [
    (False, None, ANONYMOUS),
    (True, None, None),
    (False, User("zhang", "uploader"), User("zhang", "uploader")),
    (True, User("zhang", "uploader"), User("zhang", "uploader")),
])
def test_policy_visitor(require_login, signed_in, expected):
    assert Policy(require_login=require_login).visitor(signed_in) == expected


def test_anonymous_visitor_is_a_viewer_of_every_committee():
    assert ANONYMOUS.is_anonymous and ANONYMOUS.can_view
    assert not ANONYMOUS.can_upload and not ANONYMOUS.can_rollback
    assert ANONYMOUS.allowed_committees(["一党委", "二党委"]) == ["一党委", "二党委"]


def test_policy_from_the_access_table(tmp_path, monkeypatch):
    monkeypatch.delenv("ASSESS_USERS", raising=False)
    config = tmp_path / "assess.toml"
    config.write_text('[access]\nrequire_login = true\nusers_file = "config/people.toml"\n[scoring]\nbonus_cap = 3\n')
    assert auth.load_policy(config) == Policy(True, ROOT / "config" / "people.toml")
    assert auth.load_policy(tmp_path / "missing.toml") == Policy(False, auth.DEFAULT_USERS)
    monkeypatch.setenv("ASSESS_USERS", str(tmp_path / "env.toml"))  # the environment wins
    assert auth.load_policy(config) == Policy(True, tmp_path / "env.toml")
    assert auth.load_policy(tmp_path / "missing.toml").users_file == tmp_path / "env.toml"


@pytest.mark.parametrize("table, code", [
    ("require_login = \"yes\"", "users_bad_value"),
    ("require_logn = true", "users_unknown_key"),
    ("users_file = 3", "users_bad_value"),
    ("access = 1", "users_bad_value"),
])
def test_policy_rejects_bad_access_tables(tmp_path, table, code):
    config = tmp_path / "assess.toml"
    config.write_text(f"[access]\n{table}\n" if table != "access = 1" else "access = 1\n")
    with pytest.raises(ProblemError) as err:
        auth.load_policy(config)
    assert codes(err) == [code] and str(config) in err.value.problems[0].render("en")


# --- the users file ----------------------------------------------------------------------------


def test_example_file_loads_and_its_fake_password_is_change_me():
    users = auth.load_users(ROOT / "config" / "users.example.toml")
    assert {n: u.role for n, u in users.items()} == {"admin": "admin", "zhang": "uploader", "li": "viewer"}
    assert users["li"].committees == ("一党委",) and users["zhang"].committees is None
    assert auth.authenticate(users, "zhang", "change-me") == users["zhang"]


def test_real_users_file_is_git_ignored():
    ignored = (ROOT / ".gitignore").read_text().splitlines()
    assert "config/users.toml" in ignored and ".streamlit/secrets.toml" in ignored


def test_load_users_reads_every_field(tmp_path, pw_hash):
    path = write(tmp_path, f"""
[users.zhang]
password_hash = "{pw_hash}"
role = "uploader"
committees = ["一党委", "二党委"]
display_name = "张组织"

[users.wang]
role = "viewer"
oidc_email = " Wang@Example.COM "
oidc_sub = "1234"
""")
    users = auth.load_users(path)
    assert users["zhang"] == User("zhang", "uploader", ("一党委", "二党委"), "张组织")
    assert users["zhang"].password_hash == pw_hash and users["zhang"].label == "张组织"
    assert users["wang"].oidc_email == "wang@example.com" and users["wang"].label == "wang"


def test_missing_file(tmp_path):
    assert auth.load_users(tmp_path / "none.toml", missing_ok=True) == {}
    with pytest.raises(ProblemError) as err:
        auth.load_users(tmp_path / "none.toml")
    assert codes(err) == ["users_file_missing"]


def test_users_path_from_argument_env_or_default(monkeypatch, tmp_path):
    monkeypatch.delenv("ASSESS_USERS", raising=False)
    assert auth.users_path() == ROOT / "config" / "users.toml"
    monkeypatch.setenv("ASSESS_USERS", str(tmp_path / "u.toml"))
    assert auth.users_path() == tmp_path / "u.toml"
    assert auth.users_path(tmp_path / "v.toml") == tmp_path / "v.toml"


HASH = "$argon2id$v=19$m=65536,t=3,p=4$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA"


@pytest.mark.parametrize("text, expected_codes, where", [
    ("[users.a\nrole = 1", ["users_file_syntax"], "line"),
    (f'[users.a]\nrole = "superuser"\npassword_hash = "{HASH}"', ["users_unknown_role"], "users.a.role"),
    (f'[users.a]\npassword_hash = "{HASH}"', ["users_missing_role"], "users.a"),
    (f'[users.a]\nrole = "viewer"\nrole_ = "admin"\npassword_hash = "{HASH}"', ["users_unknown_key"], "users.a.role_"),
    ('[users.a]\nrole = "viewer"\npassword_hash = "hunter22"', ["users_bad_hash"], "users.a.password_hash"),
    ('[users.a]\nrole = "viewer"', ["users_no_credential"], "users.a"),
    (f'[users.a]\nrole = "viewer"\ncommittees = []\npassword_hash = "{HASH}"', ["users_empty_scope"], "users.a.committees"),
    (f'[users.a]\nrole = "viewer"\ncommittees = "一党委"\npassword_hash = "{HASH}"', ["users_bad_value"], "users.a.committees"),
    (f'[users.a]\nrole = "viewer"\ncommittees = [1]\npassword_hash = "{HASH}"', ["users_bad_value"], "users.a.committees"),
    ('[users.a]\nrole = "viewer"\noidc_email = "not-an-address"', ["users_bad_value"], "users.a.oidc_email"),
    ('users = 3', ["users_not_table"], "users"),
    ('[users]\na = "viewer"', ["users_not_table"], "users.a"),
    (f'[user.a]\nrole = "viewer"\npassword_hash = "{HASH}"', ["users_unknown_key"], "user"),
    (f'[users."a b"]\nrole = "viewer"\npassword_hash = "{HASH}"', ["user_name_invalid"], "users.a b"),
    ('[users.a]\nrole = "viewer"\noidc_email = "x@y.z"\n[users.b]\nrole = "admin"\noidc_email = "X@y.z"',
     ["users_duplicate_identity"], "users.b.oidc_email"),
])
def test_malformed_files_give_a_located_translated_error(tmp_path, text, expected_codes, where):
    path = write(tmp_path, text)
    with pytest.raises(ProblemError) as err:
        auth.load_users(path)
    assert codes(err) == expected_codes
    for lang in ("zh", "en"):
        line = err.value.problems[0].render(lang)
        assert line.startswith(str(path)) and where in line


def test_every_problem_of_a_file_is_listed_at_once(tmp_path):
    path = write(tmp_path, '[users.a]\nrole = "boss"\n[users.b]\nrole = "viewer"\npassword_hash = "plain"\n')
    with pytest.raises(ProblemError) as err:
        auth.load_users(path)
    assert sorted(codes(err)) == ["users_bad_hash", "users_no_credential", "users_unknown_role"]


def test_every_access_text_has_both_languages():
    from assess.i18n import access

    assert access.TEXTS and all(set(v) == {"zh", "en"} and all(v.values()) for v in access.TEXTS.values())
    assert all(key in TEXTS for key in access.TEXTS)
    fields = string.Formatter()
    for key, texts in access.TEXTS.items():
        zh, en = ({f for _, f, _, _ in fields.parse(texts[lang]) if f} for lang in ("zh", "en"))
        assert zh == en, key  # both languages take the same parameters


# --- OIDC --------------------------------------------------------------------------------------


@pytest.mark.parametrize("claims, expected", [
    ({"email": "li@example.com", "sub": "x"}, "li"),
    ({"email": "LI@Example.com"}, "li"),
    ({"email": "li@example.com", "email_verified": False}, None),  # unverified address: no match
    ({"email": "li@example.com", "email_verified": "false"}, None),
    ({"email": "stranger@example.com"}, None),
    ({"sub": "sub-zhang", "email": "li@example.com"}, "zhang"),  # the subject wins over the e-mail
    ({}, None),
])
def test_user_from_oidc(users, claims, expected):
    users = dict(users, zhang=User("zhang", "uploader", oidc_sub="sub-zhang"))
    user = auth.user_from_oidc(claims, users)
    assert (user.name if user else None) == expected


def test_oidc_user_keeps_role_and_scope_and_takes_the_provider_name(users):
    user = auth.user_from_oidc({"email": "li@example.com", "name": "李书记"}, users)
    assert (user.role, user.committees, user.display_name) == ("viewer", ("一党委",), "李书记")
    named = dict(users, li=User("li", "viewer", oidc_email="li@example.com", display_name="李"))
    assert auth.user_from_oidc({"email": "li@example.com", "name": "other"}, named).display_name == "李"


# --- writing the file: python -m assess.auth ---------------------------------------------------


def run_main(args, stdin_text=""):
    out, err = io.StringIO(), io.StringIO()
    code = auth.main(args, stdin=io.StringIO(stdin_text), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def test_add_reads_the_password_from_stdin_and_stores_only_a_hash(tmp_path):
    path = tmp_path / "users.toml"
    code, out, err = run_main(["--file", str(path), "--lang", "en", "add", "zhang", "--role", "uploader",
                               "--committee", "一党委", "--committee", "二党委", "--display-name", "张 \"组织\""],
                              "s3cret-pass\n")
    assert (code, err) == (0, "") and "zhang" in out and "s3cret-pass" not in out
    text = path.read_text(encoding="utf-8")
    assert "s3cret-pass" not in text
    users = auth.load_users(path)
    assert users["zhang"] == User("zhang", "uploader", ("一党委", "二党委"), '张 "组织"')
    assert auth.authenticate(users, "zhang", "s3cret-pass") is not None
    assert path.stat().st_mode & 0o077 == 0  # readable by its owner only


def test_add_updates_a_user_and_keeps_the_others(tmp_path):
    path = tmp_path / "users.toml"
    assert run_main(["--file", str(path), "add", "a", "--role", "viewer"], "first-pass\n")[0] == 0
    assert run_main(["--file", str(path), "add", "b", "--role", "admin"], "second-pass\n")[0] == 0
    # a role change without touching the password
    assert run_main(["--file", str(path), "add", "a", "--role", "uploader", "--no-password"])[0] == 0
    users = auth.load_users(path)
    assert {n: u.role for n, u in users.items()} == {"a": "uploader", "b": "admin"}
    assert auth.authenticate(users, "a", "first-pass") and auth.authenticate(users, "b", "second-pass")
    # a new password replaces the old one
    assert run_main(["--file", str(path), "add", "a", "--role", "uploader"], "third-pass\n")[0] == 0
    users = auth.load_users(path)
    assert auth.authenticate(users, "a", "third-pass") and not auth.authenticate(users, "a", "first-pass")


def test_oidc_only_user_can_be_added_without_a_password(tmp_path):
    path = tmp_path / "users.toml"
    code, _, _ = run_main(["--file", str(path), "add", "li", "--role", "viewer", "--no-password",
                           "--oidc-email", "Li@Example.com", "--committee", "一党委"])
    assert code == 0
    assert auth.user_from_oidc({"email": "li@example.com"}, auth.load_users(path)).committees == ("一党委",)
    code, _, err = run_main(["--file", str(path), "--lang", "en", "add", "x", "--role", "viewer", "--no-password"])
    assert code == 1 and "can never sign in" in err and not any(n == "x" for n in auth.load_users(path))


@pytest.mark.parametrize("stdin_text, code_word", [("\n", "no password"), ("", "no password"), ("short\n", "too short")])
def test_add_refuses_empty_or_short_passwords(tmp_path, stdin_text, code_word):
    path = tmp_path / "users.toml"
    code, _, err = run_main(["--file", str(path), "--lang", "en", "add", "a", "--role", "viewer"], stdin_text)
    assert code == 1 and code_word in err and not path.exists()


def test_add_refuses_to_overwrite_a_malformed_file(tmp_path):
    path = write(tmp_path, '[users.a]\nrole = "boss"\n')
    code, _, err = run_main(["--file", str(path), "add", "b", "--role", "viewer"], "long-enough\n")
    assert code == 1 and "boss" in err
    assert path.read_text() == '[users.a]\nrole = "boss"\n'


@pytest.mark.parametrize("argv", [
    ["add", "a", "--role", "viewer", "--password", "s3cret-pass"],
    ["add", "a", "--role", "viewer", "s3cret-pass"],
    ["add", "a", "--role", "root"],
    ["remove", "a"],
])
def test_password_is_never_accepted_in_argv(tmp_path, argv):
    with pytest.raises(SystemExit) as exit_:
        auth.main(["--file", str(tmp_path / "u.toml"), *argv], stdin=io.StringIO("s3cret-pass\n"))
    assert exit_.value.code == 2 and not (tmp_path / "u.toml").exists()


def test_no_option_of_the_command_takes_a_password():
    parser = auth._parser()
    options = [o for a in parser._subparsers._group_actions[0].choices.values() for o in a._option_string_actions]
    assert not [o for o in options if "pass" in o and o != "--no-password"]


def test_module_runs_as_a_command_with_the_password_on_stdin(tmp_path):
    path = tmp_path / "users.toml"
    res = subprocess.run(
        [sys.executable, "-m", "assess.auth", "--file", str(path), "add", "zhao", "--role", "admin"],
        input="piped-secret\n", capture_output=True, text=True, timeout=60, cwd=ROOT,
    )
    assert res.returncode == 0, res.stderr
    assert "piped-secret" not in res.stdout + res.stderr + path.read_text(encoding="utf-8")
    assert auth.authenticate(auth.load_users(path), "zhao", "piped-secret").role == "admin"


@settings(max_examples=60, deadline=None)
@given(
    name=st.text(st.characters(blacklist_categories=("Cs", "Zs", "Cc", "Zl", "Zp")), min_size=1, max_size=20),
    display=st.text(max_size=30),
    committees=st.none() | st.lists(st.text(min_size=1, max_size=10).filter(str.strip), min_size=1, max_size=3),
)
def test_dump_round_trips_any_text(name, display, committees):
    """Quotes, backslashes, control characters and Chinese survive the TOML the command writes."""
    if not auth.valid_name(name):
        return
    user = User(name, "viewer", tuple(dict.fromkeys(c.strip() for c in committees)) if committees else None,
                display.strip(), oidc_sub="s", password_hash=HASH)
    back = auth.users_from_mapping(tomllib.loads(auth.dump_users({name: user})))
    assert back == {name: user} and back[name].password_hash == HASH
