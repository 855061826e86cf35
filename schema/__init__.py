"""accord's record model: the Pydantic models of every record kind and their JSON Schema export."""

from schema.dates import DateError, FuzzyDate
from schema.records import (
    RECORD_MODELS,
    Meeting,
    MeetingReport,
    Organization,
    Person,
    Proposal,
    ProposalReport,
    Provision,
    Record,
    Review,
    Role,
    Source,
    State,
    Statement,
    StatementReport,
)

__all__ = [
    "DateError", "FuzzyDate", "RECORD_MODELS", "Record", "Review", "Source", "Person", "Role", "Organization", "State",
    "Meeting", "MeetingReport", "Proposal", "Provision", "ProposalReport", "Statement", "StatementReport",
]
