"""Microsoft Teams adapter: the only package that imports botbuilder, so moving to a
successor SDK is a change here and nowhere else."""

from bot.teams.references import ConversationStore, MemoryConversationStore
from bot.teams.surface import TeamsSurface, build_teams

__all__ = ["ConversationStore", "MemoryConversationStore", "TeamsSurface", "build_teams"]
