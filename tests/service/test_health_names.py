from cadence.commands import Actor, MetricCommand
from cadence.updates import Source


async def test_health_warnings_name_objectives_and_measures_by_title(service):
    command = MetricCommand(Actor("local", "dan"), "health", Source.LOCAL, "q-health")
    warnings = (await service.handle(command)).reply.warnings
    subjects = {w.subject for w in warnings}
    assert {"Deliver the strategy", "Hold quarterly offsites", "Outside consultant"} <= subjects
    assert not subjects & {"strategy-everything", "s-02", "consultant"}
