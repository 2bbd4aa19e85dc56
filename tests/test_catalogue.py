"""Every parameter key and every shipped scenario has words in both languages."""

import re
import tomllib

from cadresim.catalogue import PARAM_LABELS, SCENARIOS, param_label, scenario_question, scenario_title, source_text
from cadresim.params import PARAMS
from cadresim.scenario import SCENARIO_DIR

CJK = re.compile(r"[\u4e00-\u9fff]")


def test_every_key_has_both_labels_and_a_chinese_source():
    assert set(PARAM_LABELS) == set(PARAMS)
    for key in PARAMS:
        en, zh = param_label(key, "en"), param_label(key, "zh")
        assert en != key and CJK.search(zh), key
        assert not re.search(r"[A-Za-z]{3,}", zh.replace("Mesa", "")), zh  # no English words in the Chinese label
        src = source_text(key, "zh")
        assert src and not re.search(r"[A-Za-z]{3,}", src), (key, src)


def test_every_shipped_scenario_has_a_title_and_question_in_both():
    for path in SCENARIO_DIR.glob("*.toml"):
        doc = tomllib.loads(path.read_text(encoding="utf-8"))
        meta = doc.get("meta") or doc.get("sweep") or {}
        name = meta["name"]
        assert name in SCENARIOS, name
        assert CJK.search(scenario_title(name, "zh")) and not CJK.search(scenario_title(name, "en").replace("抓两头", ""))
        if meta.get("question"):
            assert CJK.search(scenario_question(name, meta["question"], "zh")), name
            assert scenario_question(name, meta["question"], "en") == meta["question"]


def test_override_names_are_spelled_out():
    assert scenario_title("baseline+pay.base_multiple=2", "zh") == "现行政策（基准） + 村主职干部基本报酬＝2倍农民人均纯收入"
    assert scenario_title("my own+not.a_key=1", "en") == "my own+not.a_key=1"  # a user's name stays as given


def test_every_unit_has_words_and_shares_show_in_percent():
    from cadresim.catalogue import UNITS, value_text

    assert {p.unit for p in PARAMS.values()} <= set(UNITS)
    for key, p in PARAMS.items():  # a Chinese value carries no English unit word
        assert not re.search(r"[A-Za-z]{3,}", value_text(key, p.default, "zh")), (key, value_text(key, p.default, "zh"))
    assert value_text("township.effort_base", 0.7, "en") == "70% of working time"
    assert value_text("penalties.pressure_attention", 0.5, "zh") == "50%（占努力差距）"
    assert value_text("pay.director_multiple", 1.5, "zh") == "1.5倍基本报酬"
    assert value_text("flagging.trigger_incidents", 3, "en") == "3 incidents/yr"
    assert value_text("reserve.fill_prob", 0.79, "en") == "0.79/month"  # a rate, not a share
