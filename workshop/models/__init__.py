"""Database models, one module per aggregate."""

from workshop.models.accounts import Role, User
from workshop.models.followup import CheckIn, SupervisorComment
from workshop.models.handoff import HandoffKey, ReceivedDay, SentDay
from workshop.models.live import ActivityRun, Presence, ProcessedEvent
from workshop.models.plan_snapshot import AreaSnapshot, IdeaSnapshot, PlanSnapshot
from workshop.models.plans import (
    ActionPlan,
    PlanArea,
    PlanIdea,
    PlanStateError,
    PlanStatus,
    PlanVersion,
    RolesHandoutCopy,
    SharingCircle,
    SharingMember,
    StrategyNote,
)
from workshop.models.posts import BreakoutGroup, GroupMember, Post, Response
from workshop.models.record import CheckAnswer, EvaluationAnswer, EvaluationReceipt, TimelineEntry
from workshop.models.sessions import Participant, Workshop, WorkshopState

__all__ = [
    "ActionPlan",
    "ActivityRun",
    "AreaSnapshot",
    "BreakoutGroup",
    "CheckAnswer",
    "CheckIn",
    "EvaluationAnswer",
    "EvaluationReceipt",
    "GroupMember",
    "HandoffKey",
    "IdeaSnapshot",
    "Participant",
    "PlanArea",
    "PlanIdea",
    "PlanSnapshot",
    "PlanStateError",
    "PlanStatus",
    "PlanVersion",
    "Post",
    "Presence",
    "ProcessedEvent",
    "ReceivedDay",
    "Response",
    "Role",
    "RolesHandoutCopy",
    "SentDay",
    "SharingCircle",
    "SharingMember",
    "StrategyNote",
    "SupervisorComment",
    "TimelineEntry",
    "User",
    "Workshop",
    "WorkshopState",
]
