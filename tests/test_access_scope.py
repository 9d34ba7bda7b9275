"""Writes respect scope (issue 14, SPEC §8): every write action per role and scope, and the
store's own checks, so a page that forgets to ask still cannot write outside a user's scope."""

from __future__ import annotations

import pytest

from assess import access, store
from assess.auth import User
from assess.db import Database
from assess.problems import ProblemError
from tests.store_builders import make_result

VIEWER = User("v", "viewer")
SCOPED_VIEWER = User("sv", "viewer", committees=("一党委",))
UPLOADER = User("u", "uploader")
SCOPED_UPLOADER = User("su", "uploader", committees=("一党委",))
ADMIN = User("a", "admin")
SCOPED_ADMIN = User("sa", "admin", committees=("一党委", "二党委"))

#                     user             upload  rollback versions originals
RULES = [
    pytest.param(None, False, False, False, False, id="nobody"),
    pytest.param(VIEWER, False, False, False, False, id="viewer"),
    pytest.param(SCOPED_VIEWER, False, False, False, False, id="scoped viewer"),
    pytest.param(UPLOADER, True, True, True, True, id="uploader"),
    pytest.param(SCOPED_UPLOADER, True, False, True, False, id="scoped uploader"),
    pytest.param(ADMIN, True, True, True, True, id="admin"),
    pytest.param(SCOPED_ADMIN, True, False, True, False, id="scoped admin"),
]


@pytest.mark.parametrize("user, upload, rollback, versions, originals", RULES)
def test_every_write_action_per_role_and_scope(user, upload, rollback, versions, originals):
    assert access.can_upload(user) is upload
    assert access.can_rollback(user) is rollback
    assert access.can_see_versions(user) is versions
    assert access.can_download_originals(user) is originals


def _upload(name="up.xlsx"):
    return make_result(name, "2025Q3", {
        ("一党委", "甲支部", "party"): {"组织": 8.0},
        ("二党委", "乙支部", "party"): {"组织": 7.0},
        ("三党委", "丙支部", "party"): {"组织": 6.0},
        ("二党委", "丁支部", "party"): {"组织": 5.0},
    })


def test_scope_problems_name_the_first_row_of_each_foreign_committee():
    problems = access.scope_problems([_upload()], ("一党委",))
    assert [(p.code, p.file, p.sheet, p.cell) for p in problems] == [
        ("upload_out_of_scope", "up.xlsx", "Sheet1", "5:5"),  # 二党委: rows 5 and 7, the first
        ("upload_out_of_scope", "up.xlsx", "Sheet1", "6:6"),  # 三党委
    ]
    assert problems[0].render("zh") == (
        "up.xlsx › Sheet1!5:5: 第 5 行的支部“乙支部”属于党委“二党委”，不在您可上传的范围（一党委）内；"
        "请删去其他党委的行后重新上传，或请组织部管理员上传")
    assert problems[1].render("en").startswith(
        "up.xlsx › Sheet1!6:6: row 6: the branch “丙支部” belongs to the committee “三党委”, outside the "
        "committees you may upload for (一党委)")


def test_scope_problems_are_empty_within_scope_or_without_one():
    assert access.scope_problems([_upload()], None) == []
    assert access.scope_problems([_upload()], ("一党委", "二党委", "三党委")) == []
    assert [p.cell for p in access.scope_problems([_upload()], ())] == ["4:4", "5:5", "6:6"]


def test_store_refuses_an_upload_outside_the_scope_and_stores_nothing(fresh_db):
    with Database(fresh_db) as db:
        with pytest.raises(ProblemError) as refused:
            store.ingest(db, [_upload()], "su", scope=access.scope_of(SCOPED_UPLOADER))
        assert [p.cell for p in refused.value.problems] == ["5:5", "6:6"]
        assert store.latest_version(db) == 0
        report = store.ingest(db, [_upload()], "u", scope=access.scope_of(UPLOADER))
        assert report.version == 1


def test_store_refuses_a_scoped_rollback(fresh_db):
    with Database(fresh_db) as db:
        store.ingest(db, [_upload("a.xlsx")], "u")
        store.ingest(db, [make_result("b.xlsx", "2025Q3", {("一党委", "甲支部", "party"): {"组织": 1.0}})], "u")
        with pytest.raises(ProblemError) as refused:
            store.rollback(db, 1, "su", scope=access.scope_of(SCOPED_UPLOADER))
        assert [p.code for p in refused.value.problems] == ["rollback_scoped"]
        assert "一党委" in refused.value.problems[0].render("zh")
        assert store.latest_version(db) == 2
        assert store.rollback(db, 1, "a", scope=access.scope_of(ADMIN)).version == 3
