"""The closed vocabularies of the timeline."""

from enum import StrEnum


class Channel(StrEnum):
    CALL = "call"
    MEETING = "meeting"
    EMAIL = "email"
    MESSAGE = "message"
    SOCIAL = "social"
    GIFT = "gift"
    REFERRAL = "referral"
    INTRO = "intro"
    OTHER = "other"


class Direction(StrEnum):
    OUT = "out"
    IN = "in"


class Outcome(StrEnum):
    CONNECTED = "connected"
    NO_ANSWER = "no-answer"
    VOICEMAIL = "voicemail"
    BOUNCED = "bounced"


class Exchange(StrEnum):
    """Reciprocity tag of a touch: did we give something or ask for something?"""

    GIVE = "give"
    ASK = "ask"


class Tier(StrEnum):
    A = "A"
    B = "B"
    C = "C"


class FollowUpStatus(StrEnum):
    OPEN = "open"
    DONE = "done"
