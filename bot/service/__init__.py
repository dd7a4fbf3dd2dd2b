"""The command service: every adapter's commands end here, whatever the platform."""

from bot.service.handler import CommandService

__all__ = ["CommandService"]
