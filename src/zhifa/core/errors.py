"""The one family of errors shown to people.

Each error has a stable code for the API, a Chinese message that names the field and the fix,
and an HTTP status. Technical detail goes to the log, never into the message.
"""


class ZhifaError(Exception):
    """Base class of every error whose message is shown to a user."""

    code = "invalid"
    status = 400

    def __init__(self, message: str, *, field: str | None = None, code: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field
        if code is not None:
            self.code = code

    def as_dict(self) -> dict[str, str | None]:
        return {"code": self.code, "message": self.message, "field": self.field}


class ValidationFailed(ZhifaError):
    """Input is malformed or breaks a rule; nothing was written."""

    code = "validation_failed"
    status = 400


class NotPermitted(ZhifaError):
    """The user's role does not allow the action."""

    code = "not_permitted"
    status = 403


class NotFound(ZhifaError):
    """The object does not exist or lies outside the user's scope."""

    code = "not_found"
    status = 404


class InvalidTransition(ZhifaError):
    """A workflow step was requested from a state that does not allow it."""

    code = "invalid_transition"
    status = 409
