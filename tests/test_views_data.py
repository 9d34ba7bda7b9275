"""assess.views.data: what the data page shows for each kind of user, and the check of an upload
(problems, scope, preview) — on the small store of tests/views_fixtures.py."""

from __future__ import annotations

from assess.auth import User
from assess.views import data
from tests.store_builders import make_result
from tests.views_fixtures import JIA, YI, selection, views_db  # noqa: F401

ADMIN = User("admin", role="admin")
SCOPED = User("li", role="uploader", committees=(YI,))
VIEWER = User("wang")


def test_rights_and_history(views_db):
    admin = data.build(views_db, selection(user=ADMIN))
    assert (admin.can_upload, admin.can_rollback, admin.can_download) == (True, True, True)
    assert list(admin.versions.columns) == data.VERSION_COLUMNS
    assert admin.versions["quarters"].tolist() == ["2025Q1、2025Q2"]
    assert admin.version_options == [1] and admin.files == {1: []}
    scoped = data.build(views_db, selection(user=SCOPED, scope=[YI]))
    assert (scoped.can_upload, scoped.can_download) == (True, False)
    viewer = data.build(views_db, selection(user=VIEWER))
    assert (viewer.can_upload, viewer.can_rollback, viewer.can_download) == (False, False, False)


def test_an_upload_ready_to_store(views_db):
    result = make_result("2025Q3.xlsx", "2025Q3", {(YI, "四支部", "party"): {"p": 9.0}})
    check = data.check_upload(views_db, selection(user=ADMIN), [result])
    assert check.verdict == "ready" and check.problems.empty and check.quarters == ["2025Q3"]
    assert check.counts.set_index("status")["count"].to_dict() == {"new_branch": 0, "new": 1, "changed": 0,
                                                                   "unchanged": 0}
    assert check.preview["branch"].tolist() == ["四支部"]


def test_an_upload_outside_the_users_committees(views_db):
    result = make_result("2025Q3.xlsx", "2025Q3", {(JIA, "一支部", "party"): {"p": 9.0}})
    check = data.check_upload(views_db, selection(user=SCOPED, scope=[YI]), [result])
    assert check.verdict == "out_of_scope" and check.foreign == [JIA] and check.preview is None


def test_a_safe_download_name():
    assert data.safe_file_name("../x\u202egpj.xlsx") == "xgpj.xlsx"
    assert data.safe_file_name("...") == "upload.xlsx"
