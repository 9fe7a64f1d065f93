from briefing.yamlpos import Mapping, Sequence, parse_yaml


def test_keys_items_and_values_carry_line_and_column():
    data, problems = parse_yaml("a: 1\nlist:\n  - x\n  - {b: 2}\n", "f.yml")
    assert problems == []
    assert isinstance(data, Mapping) and isinstance(data["list"], Sequence)
    assert str(data.key_at["list"]) == "f.yml:2:1"
    assert [str(p) for p in data["list"].item_at] == ["f.yml:3:5", "f.yml:4:5"]
    assert str(data["list"][1].at("b")) == "f.yml:4:9"


def test_duplicate_keys_are_reported_not_silently_dropped():
    data, problems = parse_yaml("title: one\nother: x\ntitle: two\n", "site.yml")
    assert data["title"] == "one"
    assert [str(p) for p in problems] == [
        "site.yml:3:1: duplicate key 'title' (first given at line 1) "
        "(keep one of them: YAML would silently drop the first)"
    ]


def test_dates_stay_text_so_impossible_ones_reach_validation():
    data, problems = parse_yaml("date: 2026-02-30\nok: 2026-01-28\n", "f.yml")
    assert problems == [] and data == {"date": "2026-02-30", "ok": "2026-01-28"}


def test_syntax_error_points_at_its_line():
    data, problems = parse_yaml("a: 1\nb: [unclosed\nc: 2\n", "f.yml")
    assert data is None and len(problems) == 1
    assert str(problems[0]).startswith("f.yml:3:")
    assert "YAML syntax error" in problems[0].message


def test_tab_indentation_gets_a_hint_about_tabs():
    _, problems = parse_yaml("a:\n\tb: 1\n", "f.yml")
    assert problems[0].where.line == 2
    assert problems[0].hint == "indent with spaces, not tabs"


def test_line_offset_places_front_matter_errors_in_the_whole_file():
    _, problems = parse_yaml("title: a\ntitle: b\n", "page.md", line_offset=1)
    assert problems[0].where.line == 3


def test_unknown_tags_are_a_problem_not_a_crash():
    data, problems = parse_yaml("a: !!python/object:os.system x\n", "f.yml")
    assert data is None and "YAML syntax error" in problems[0].message
