from cadence.commands import Actor, MetricCommand, TextMessage
from cadence.updates import Source
from cadence.views import (
    ErrorReply,
    HealthAnswer,
    HelpAnswer,
    MetricAnswer,
    MineAnswer,
    SilentAnswer,
)


def ask(person: str, text: str, platform: str = "local") -> MetricCommand:
    return MetricCommand(Actor(platform, person), text, Source.LOCAL, f"q-{text}")


async def test_show_gives_value_history_and_a_chart_once_there_are_two_values(service):
    await service.handle(ask("dan", "update mrr 1.1M"))
    first = await service.handle(ask("tom", "mrr"))
    assert isinstance(first.reply, MetricAnswer) and first.chart_png is None
    assert first.reply.measure.value == "$1.1M" and first.reply.owner.key == "dan"
    await service.handle(ask("dan", "update mrr 1.2M fixed"))
    second = await service.handle(ask("tom", "recurring revenue"))
    assert second.chart_png is not None and second.chart_png.startswith(b"\x89PNG")
    assert [h.value for h in second.reply.history] == ["$1.2M", "$1.1M"]


async def test_an_unknown_measure_says_how_to_find_one(service):
    outcome = await service.handle(ask("tom", "no such thing"))
    assert outcome.reply.code == "not_found" and "`mine`" in outcome.reply.fix


async def test_slack_spells_the_command_with_its_slash(service):
    outcome = await service.handle(ask("U0SALES02", "no such thing", platform="slack"))
    assert "`/metric mine`" in outcome.reply.fix


async def test_mine_lists_due_measures_first(service):
    await service.handle(ask("dan", "update mrr 1.1M"))
    outcome = await service.handle(ask("dan", "mine"))
    assert isinstance(outcome.reply, MineAnswer)
    keys = [(line.key, line.due) for line in outcome.reply.measures]
    assert keys == [("big-logos", True), ("mrr", False)]


async def test_help_health_and_silent(service):
    assert isinstance((await service.handle(ask("dan", "help"))).reply, HelpAnswer)
    health = (await service.handle(ask("dan", "health"))).reply
    assert isinstance(health, HealthAnswer) and health.scope == "the whole plan"
    assert any(w.strong for w in health.warnings)
    silent = (await service.handle(ask("dan", "silent"))).reply
    assert isinstance(silent, SilentAnswer) and silent.team_name == "Sales"


async def test_plain_words_without_an_open_prompt_are_queries(service):
    outcome = await service.handle(TextMessage(Actor("local", "tom"), "mine", Source.LOCAL, "w"))
    assert isinstance(outcome.reply, MineAnswer)


async def test_a_bare_value_with_nothing_open_asks_which_measure(service):
    outcome = await service.handle(TextMessage(Actor("local", "dan"), "1", Source.LOCAL, "v"))
    assert isinstance(outcome.reply, ErrorReply) and outcome.reply.code == "which_measure"
    assert (
        outcome.reply.message == "Which measure is “1” for? No check-in is waiting for your answer."
    )
    assert "update big-logos 1" in outcome.reply.fix
