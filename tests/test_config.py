"""Configuration in one place (assess.config): the defaults are SPEC §3/§4's numbers, a TOML file
overrides them, and a mistyped setting is a clear error rather than a silent default."""

from __future__ import annotations

import pytest

from assess.config import METHODS, ROOT, Config, Limits, Method, Scoring, load_config, with_method
from assess.problems import ProblemError


@pytest.fixture
def no_env(monkeypatch):
    monkeypatch.delenv("ASSESS_CONFIG", raising=False)


def write(tmp_path, text: str):
    path = tmp_path / "assess.toml"
    path.write_text(text, encoding="utf-8")
    return path


# --- the defaults are the SPEC's numbers -------------------------------------------------------

SPEC_DEFAULTS = [
    # (section, setting, SPEC value, where the SPEC says it)
    ("method", "name", "ratio", "§3.4 ratio is the default"),
    ("method", "tiers", ((90.0, 1.05), (80.0, 1.00), (60.0, 0.95)), "§3.4 tiered bands"),
    ("method", "tier_floor", 0.90, "§3.4 tiered: otherwise 0.90"),
    ("method", "slope", 1.0, "§3.4 linear slope"),
    ("method", "pivot", 80.0, "§3.4 linear pivot"),
    ("method", "k_min", 0.8, "§3.4 linear k_min"),
    ("method", "k_max", 1.2, "§3.4 linear k_max"),
    ("method", "veto_k", 0.8, "§3.4 veto caps K"),
    ("scoring", "bonus_cap", 5.0, "§3.1 bonus_cap"),
    ("scoring", "standard_p", 60.0, "§2 达标: P ≥ 60"),
    ("scoring", "standard_dimension_rate", 0.6, "§2 达标: every dimension ≥ 60 %"),
    ("scoring", "star_bands", ((95.0, 5), (90.0, 4), (80.0, 3), (70.0, 2), (60.0, 1)), "§3.6 stars"),
    ("scoring", "solid_stars", 4, "§3.6 过硬 = stars ≥ 4"),
    ("scoring", "solid_target", 0.8, "§3.6 过硬率 target 80 %"),
    ("scoring", "grade_bands", ((90.0, "优秀"), (80.0, "良好"), (60.0, "合格")), "§3.7 grades"),
    ("scoring", "grade_floor", "不合格", "§3.7 below 合格"),
    ("scoring", "veto_grade_cap", "合格", "§3.7 a veto caps the grade at 合格"),
    ("scoring", "excellent_quota", 0.2, "§3.7 优秀 quota 20 %"),
    ("scoring", "quadrant_p", None, "§3.9 medians unless fixed"),
    ("scoring", "quadrant_b", None, "§3.9 medians unless fixed"),
    ("scoring", "min_correlation_branches", 3, "§3.10 needs ≥ 3 branches"),
    ("limits", "max_file_bytes", 20 * 1024 * 1024, "§4 size limit 20 MB"),
    ("limits", "max_rows", 100_000, "§4 more than 100,000 rows in a sheet"),
    ("limits", "header_search_rows", 20, "§4 header within the first 20 rows"),
]


@pytest.mark.parametrize("section, setting, value, where", SPEC_DEFAULTS)
def test_defaults_are_the_spec_numbers(no_env, tmp_path, section, setting, value, where):
    config = load_config(tmp_path / "absent.toml")
    assert config == Config()
    assert getattr(getattr(config, section), setting) == value, where


def test_the_tiers_are_ordered_and_the_method_is_known():
    method = Method()
    assert method.name in METHODS and METHODS == ("ratio", "tiered", "linear")
    thresholds = [threshold for threshold, _ in method.tiers]
    assert thresholds == sorted(thresholds, reverse=True)
    assert [k for _, k in method.tiers] + [method.tier_floor] == sorted([k for _, k in method.tiers] + [method.tier_floor], reverse=True)
    assert [s for _, s in Scoring().star_bands] == [5, 4, 3, 2, 1]


# --- overrides ---------------------------------------------------------------------------------


def test_a_toml_file_overrides_method_scoring_and_limits(no_env, tmp_path):
    path = write(tmp_path, """
[method]
name = "tiered"
tiers = [[95, 1.1], [85, 1.0], [70, 0.9]]
tier_floor = 0.85
veto_k = 0.7

[scoring]
bonus_cap = 3
star_bands = [[90, 5], [80, 4], [70, 3], [60, 2], [50, 1]]
solid_target = 0.75
excellent_quota = 0.15
quadrant_p = 85.0

[limits]
max_file_bytes = 1_048_576
max_rows = 500
""")
    config = load_config(path)
    assert config.method == Method(name="tiered", tiers=((95, 1.1), (85, 1.0), (70, 0.9)), tier_floor=0.85, veto_k=0.7)
    assert config.scoring.bonus_cap == 3 and config.scoring.solid_target == 0.75
    assert config.scoring.star_bands == ((90, 5), (80, 4), (70, 3), (60, 2), (50, 1))
    assert config.scoring.excellent_quota == 0.15 and config.scoring.quadrant_p == 85.0
    assert config.limits.max_file_bytes == 1_048_576 and config.limits.max_rows == 500
    # what the file does not name keeps its default
    assert config.method.pivot == 80.0 and config.scoring.veto_grade_cap == "合格"
    assert config.limits.max_columns == Limits().max_columns


def test_a_partial_file_changes_only_what_it_names(no_env, tmp_path):
    config = load_config(write(tmp_path, "[method]\nname = \"linear\"\npivot = 75\n"))
    assert config == Config(method=Method(name="linear", pivot=75))


def test_the_file_comes_from_the_environment_when_not_given(monkeypatch, tmp_path):
    monkeypatch.setenv("ASSESS_CONFIG", str(write(tmp_path, "[scoring]\nbonus_cap = 2\n")))
    assert load_config().scoring.bonus_cap == 2
    (tmp_path / "other").mkdir()
    assert load_config(write(tmp_path / "other", "[scoring]\nbonus_cap = 4\n")).scoring.bonus_cap == 4  # argument wins


def test_without_a_file_the_defaults_apply(no_env, monkeypatch, tmp_path):
    import assess.config

    monkeypatch.setattr(assess.config, "DEFAULT_CONFIG", tmp_path / "absent.toml")
    assert load_config() == Config()


@pytest.mark.parametrize("text, section, key", [
    ("[method]\nveto = 0.5\n", "method", "veto"),
    ("[scoring]\nbonus_cap = 5\nbonus_limit = 3\n", "scoring", "bonus_limit"),
    ("[limits]\nmax_file_mb = 20\n", "limits", "max_file_mb"),
])
def test_unknown_keys_are_a_clear_error(no_env, tmp_path, text, section, key):
    path = write(tmp_path, text)
    with pytest.raises(ProblemError) as err:
        load_config(path)
    [problem] = err.value.problems
    assert (problem.code, problem.file, problem.cell) == ("config_unknown_key", str(path), f"{section}.{key}")
    assert problem.render("zh").startswith(f"{path} › {section}.{key}: 未知的设置项“{key}”")
    assert "check the spelling" in problem.render("en")


def test_a_malformed_file_is_an_error(no_env, tmp_path):
    path = write(tmp_path, "[method\nname = 'ratio'\n")
    with pytest.raises(ProblemError) as err:
        load_config(path)
    [problem] = err.value.problems
    assert problem.code == "config_syntax" and problem.file == str(path)
    assert "line 1" in problem.render("zh") and "不是有效的 TOML" in problem.render("zh")


def test_every_mistake_of_a_file_is_reported_at_once(no_env, tmp_path):
    """Fixing a file one error at a time would be tedious: one load lists them all."""
    path = write(tmp_path, '[scorng]\nx = 1\n[method]\nname = "ratoi"\nslope = "steep"\n'
                           '[limits]\nmax_rows = true\n[scoring]\nsolid_stars = "four"\n')
    with pytest.raises(ProblemError) as err:
        load_config(path)
    found = {(p.code, p.cell) for p in err.value.problems}
    assert found == {("config_unknown_table", "scorng"), ("config_unknown_method", "method.name"),
                     ("config_bad_value", "method.slope"), ("config_bad_value", "limits.max_rows"),
                     ("config_bad_value", "scoring.solid_stars")}
    examples = {p.cell: p.render("en") for p in err.value.problems}
    assert examples["method.slope"].endswith("write it like slope = 1.0")
    assert examples["limits.max_rows"].endswith("write it like max_rows = 100000")


def test_a_table_written_as_a_value_is_a_clear_error(no_env, tmp_path):
    path = write(tmp_path, 'limits = 5\n')
    with pytest.raises(ProblemError) as err:
        load_config(path)
    assert [(p.code, p.cell) for p in err.value.problems] == [("config_not_table", "limits")]


def test_the_example_file_is_every_default(no_env):
    """config/assess.example.toml documents every setting with its default: loaded as it is,
    it is exactly the defaults, and it names every setting there is."""
    from dataclasses import fields

    example = ROOT / "config" / "assess.example.toml"
    assert load_config(example) == Config()
    text = example.read_text(encoding="utf-8")
    for cls in (Method, Scoring, Limits):
        for f in fields(cls):
            assert f"\n{f.name} =" in text or f"\n# {f.name} =" in text, f.name


def test_other_tables_are_left_to_their_readers(no_env, tmp_path):
    """The [access] table belongs to assess.auth.load_policy; load_config ignores it."""
    config = load_config(write(tmp_path, "[access]\nrequire_login = true\n[scoring]\nbonus_cap = 1\n"))
    assert config.scoring.bonus_cap == 1 and config.method == Method()


# --- one call can override the method again ----------------------------------------------------


def test_with_method_overrides_and_ignores_none():
    base = Config()
    changed = with_method(base, name="linear", pivot=70.0, slope=None)
    assert changed.method == Method(name="linear", pivot=70.0)
    assert changed.scoring == base.scoring and base.method == Method()  # the original is untouched
    assert with_method(base, name=None) is base
    with pytest.raises(TypeError):
        with_method(base, pivto=70.0)


# --- wrong values are clear errors ---------------------------------------------------------------


def test_a_value_of_the_wrong_type_is_a_clear_error(no_env, tmp_path):
    path = write(tmp_path, '[scoring]\nbonus_cap = "five"\n')
    with pytest.raises(ProblemError) as err:
        load_config(path)
    assert err.value.problems[0].render("zh") == \
        f"{path} › scoring.bonus_cap: “bonus_cap”的值类型不对，请照此格式书写：bonus_cap = 5.0"


def test_an_unknown_method_is_a_clear_error(no_env, tmp_path):
    path = write(tmp_path, '[method]\nname = "ratoi"\n')
    with pytest.raises(ProblemError) as err:
        load_config(path)
    assert "ratoi" in err.value.problems[0].render("en") and "ratio, tiered, linear" in str(err.value)


def test_a_misspelled_table_is_a_clear_error(no_env, tmp_path):
    path = write(tmp_path, '[scorng]\nbonus_cap = 3\n')
    with pytest.raises(ProblemError) as err:
        load_config(path)
    assert "[scorng]" in err.value.problems[0].render("zh")


def test_the_access_table_is_allowed(no_env, tmp_path):
    path = write(tmp_path, '[access]\nrequire_login = true\n[scoring]\nbonus_cap = 3\n')
    assert load_config(path).scoring.bonus_cap == 3.0
