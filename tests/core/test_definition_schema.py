"""#18 item 1: a year's folder is checked against resources/schema/hbaccept-definition.schema.json
at load. A missing or misspelt key, an unknown kind or a dangling reference is a DefinitionError
naming the file, the table and the key (English, for whoever writes the 2025 folder), with a
Chinese message for the window and the command line — never a bare KeyError or StopIteration."""

from __future__ import annotations

import json
import subprocess
import sys
import tomllib

import jsonschema
import pytest

from hbaccept_gui.core import definition_loader
from hbaccept_gui.core.definition_loader import SCHEMA, _part_kind, available_definitions, load_definition_folder
from hbaccept_gui.core.errors import DefinitionError
from hbaccept_gui.resources import resource_path


@pytest.fixture(scope="module")
def schema() -> dict:
    return json.loads(resource_path(*SCHEMA).read_text(encoding="utf-8"))


def copy_of_2024(tmp_path):
    tmp_path.mkdir(parents=True, exist_ok=True)
    for path in available_definitions()["hebei-2024"].iterdir():
        (tmp_path / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    return tmp_path


def edit(folder, name: str, old: str, new: str) -> None:
    path = folder / name
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} is not in {name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def broken(folder) -> DefinitionError:
    with pytest.raises(DefinitionError) as caught:
        load_definition_folder(folder)
    return caught.value


def test_the_schema_is_valid_and_every_shipped_file_meets_it_by_the_reference_implementation(schema):
    jsonschema.Draft202012Validator.check_schema(schema)
    for folder in available_definitions().values():
        for path in sorted(folder.glob("*.toml")):
            data = tomllib.loads(path.read_text(encoding="utf-8"))
            kind = "notice" if path.name == "notice.toml" else _part_kind(data, path.name)
            validator = jsonschema.Draft202012Validator({"$defs": schema["$defs"], "$ref": f"#/$defs/{kind}"})
            assert [e.message for e in validator.iter_errors(data)] == [], path.name


def test_every_key_of_the_schema_is_described(schema):
    """docs/definitions.md is written from these descriptions: a key without one is undocumented."""
    missing = []

    def walk(node, where):
        for key, sub in node.get("properties", {}).items():
            if "description" not in sub:
                missing.append(f"{where}.{key}")
            walk(sub, f"{where}.{key}")
        if isinstance(node.get("items"), dict):
            walk(node["items"], f"{where}[]")

    for kind, node in schema["$defs"].items():
        walk(node, kind)
    assert missing == []


def test_a_misspelt_key_names_the_file_the_table_and_the_key(tmp_path):
    folder = copy_of_2024(tmp_path)
    edit(folder, "annex4.toml", 'label = "全民艺术普及相关直录播"', 'labl = "全民艺术普及相关直录播"')
    error = broken(folder)
    assert "annex4.toml" in str(error) and "table annex4" in str(error)
    assert "labl" in str(error) and "tasks[" in str(error)


def test_a_missing_key_names_it(tmp_path):
    folder = copy_of_2024(tmp_path)
    edit(folder, "annex1.toml", 'corner_label = ', 'corner = ')
    error = broken(folder)
    assert "annex1.toml" in str(error) and "corner_label" in str(error)


def test_an_unknown_kind_names_the_file_and_the_kind(tmp_path):
    folder = copy_of_2024(tmp_path)
    edit(folder, "annex3.toml", 'kind = "indicators"', 'kind = "indicator"')
    error = broken(folder)
    assert "annex3.toml" in str(error) and "'indicator'" in str(error)


def test_a_wrong_value_names_the_key(tmp_path):
    folder = copy_of_2024(tmp_path)
    edit(folder, "annex2.toml", 'orientation = "landscape"', 'orientation = "sideways"')
    error = broken(folder)
    assert "annex2.toml" in str(error) and "orientation" in str(error)


def test_leaving_the_performance_table_out_is_a_definition_error_not_stop_iteration(tmp_path):
    folder = copy_of_2024(tmp_path)
    edit(folder, "notice.toml", '"annex5.toml", ', "")
    assert "performance" in str(broken(folder))


def test_a_dangling_reference_is_named(tmp_path):
    folder = copy_of_2024(tmp_path)
    edit(folder, "checklist.toml", 'deadline = "reports"', 'deadline = "report"')
    assert "unknown deadline report" in str(broken(folder))


def test_the_seal_goes_over_exactly_one_field(tmp_path):
    folder = copy_of_2024(tmp_path)
    edit(folder, "notice.toml", 'kind = "date"\n', 'kind = "date"\nsealed = true\n')
    assert "sealed" in str(broken(folder))


def test_the_clerk_is_told_in_chinese(tmp_path):
    folder = copy_of_2024(tmp_path)
    edit(folder, "annex1.toml", 'corner_label = ', 'corner = ')
    message = broken(folder).user_message
    assert message.startswith("表格定义有误") and "annex1.toml" in message


def test_the_command_line_says_so_without_a_traceback(tmp_path):
    """`hbaccept validate` with a broken shipped folder: the Chinese message and exit code 2."""
    forms = tmp_path / "forms"
    (forms / "2024").mkdir(parents=True)
    folder = copy_of_2024(forms / "2024")
    edit(folder, "annex4.toml", 'kind = "details"', 'kind = "detail"')
    demo = tmp_path / "demo.hbaccept"
    code = (f"import sys; from hbaccept_gui.core import definition_loader as d; "
            f"from pathlib import Path; d.forms_root = lambda: Path({str(forms)!r}); "
            f"from hbaccept_gui.cli import main; sys.exit(main(['validate', {str(demo)!r}]))")
    subprocess.run([sys.executable, "-m", "hbaccept_gui", "demo", "--out", str(demo)], check=True,
                   capture_output=True)
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, encoding="utf-8")
    assert result.returncode == 2, result.stderr
    assert "表格定义有误" in result.stderr and "annex4.toml" in result.stderr
    assert "Traceback" not in result.stderr


def test_the_validators_compile_once_a_process():
    assert definition_loader._validators() is definition_loader._validators()


def test_the_schema_knows_the_severities_and_checks_of_the_code(schema):
    """The schema says which severities exist; the code labels them: the two lists are one."""
    from hbaccept_gui.core.findings import SEVERITY_LABELS

    assert set(schema["$defs"]["rules"]["properties"]["rules"]["items"]["properties"]["severity"]["enum"]) == set(
        SEVERITY_LABELS)


def test_files_that_passed_are_not_checked_again_until_one_changes(tmp_path, monkeypatch):
    """Compiling the validators costs every start ~60 ms: a note in the cache folder says these very
    files passed; a changed byte means checking again (and the mistake is still found)."""
    monkeypatch.setenv("HBACCEPT_HOME", str(tmp_path / "home"))
    folder = copy_of_2024(tmp_path / "forms")
    load_definition_folder(folder)

    def no_compiling():
        raise AssertionError("the validators were compiled for files that passed already")

    monkeypatch.setattr(definition_loader, "_validators", no_compiling)
    assert load_definition_folder(folder).year == 2024
    monkeypatch.undo()
    monkeypatch.setenv("HBACCEPT_HOME", str(tmp_path / "home"))
    edit(folder, "annex1.toml", 'corner_label = ', 'corner = ')
    assert "corner_label" in str(broken(folder))


def test_an_unwritable_cache_only_means_checking_every_time(tmp_path, monkeypatch):
    blocked = tmp_path / "home"
    blocked.write_text("not a folder", encoding="utf-8")  # the cache folder cannot be made under it
    monkeypatch.setenv("HBACCEPT_HOME", str(blocked))
    folder = copy_of_2024(tmp_path / "forms")
    assert load_definition_folder(folder).year == 2024
    assert load_definition_folder(folder).year == 2024
