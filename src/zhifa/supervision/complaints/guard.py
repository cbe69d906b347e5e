"""Protection of the public forms against bulk posting and guessing.

- An arithmetic question travels in a signed, expiring token, so a script cannot pick its own
  question, and each token is accepted once.
- A honeypot field, hidden from people, is filled in only by form-filling robots.
- Counters per client address and hour, kept in the shared database cache so that every
  application server reads the same counts. The cache stores a digest of the address, not the
  address itself. The complaint form counts accepted complaints and failed attempts apart, so
  a person who mistypes the answer a few times can still file a complaint.
"""

import logging
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.http import HttpRequest

from zhifa.core import ratelimit
from zhifa.core.errors import ValidationFailed
from zhifa.core.ratelimit import address_digest

logger = logging.getLogger(__name__)

CHALLENGE_SALT = "zhifa.complaints.challenge"
CHALLENGE_MAX_AGE_SECONDS = 30 * 60
HOUR_SECONDS = 60 * 60
DAY_SECONDS = 24 * HOUR_SECONDS

# Defaults per client address and hour. A person files one or two complaints, so the limits
# are chosen to stop scripts, not measured. A deployment can set them in its settings.
HOURLY_LIMITS = {
    # Accepted complaints.
    "post": ("ZHIFA_COMPLAINT_POSTS_PER_HOUR", 5),
    # Rejected submissions: a wrong answer, the honeypot, missing or invalid fields.
    "failed_post": ("ZHIFA_COMPLAINT_FAILED_POSTS_PER_HOUR", 30),
    "lookup": ("ZHIFA_COMPLAINT_LOOKUPS_PER_HOUR", 20),
    "rating": ("ZHIFA_RATINGS_PER_HOUR", 30),
}

HONEYPOT_FIELD = "website"


@dataclass(frozen=True)
class Challenge:
    question: str
    token: str


def new_challenge() -> Challenge:
    first = secrets.randbelow(9) + 1
    second = secrets.randbelow(9) + 1
    payload = {"a": first, "b": second, "n": secrets.token_hex(8)}
    token = signing.dumps(payload, salt=CHALLENGE_SALT)
    return Challenge(question=f"{first} 加 {second} 等于几？", token=token)


def check_challenge(token: str, answer: str) -> None:
    """Accept a correct answer to an unexpired, unused token, or raise ``ValidationFailed``."""
    try:
        payload = signing.loads(token or "", salt=CHALLENGE_SALT, max_age=CHALLENGE_MAX_AGE_SECONDS)
    except signing.SignatureExpired as error:
        raise ValidationFailed(
            "验证题已超过30分钟，请回答新的验证题后重新提交。", field="answer"
        ) from error
    except signing.BadSignature as error:
        raise ValidationFailed(
            "验证题无效，请回答新的验证题后重新提交。", field="answer"
        ) from error

    expected = int(payload["a"]) + int(payload["b"])
    if (answer or "").strip() != str(expected):
        raise ValidationFailed(
            "验证题答案不正确，请填写两个数相加的结果（阿拉伯数字）。", field="answer"
        )
    if not cache.add(f"complaints:challenge:{payload['n']}", 1, timeout=CHALLENGE_MAX_AGE_SECONDS):
        raise ValidationFailed("该验证题已使用过，请回答新的验证题后重新提交。", field="answer")


def hourly_limit(purpose: str) -> int:
    setting, default = HOURLY_LIMITS[purpose]
    return int(getattr(settings, setting, default))


def over_limit(request: HttpRequest, purpose: str) -> bool:
    """Count this request and return True once the address passed its hourly limit."""
    limit = hourly_limit(purpose)
    if count_hit(request, purpose) <= limit:
        return False
    logger.info("complaints %s rejected: hourly limit of %s reached", purpose, limit)
    return True


def limit_reached(request: HttpRequest, purpose: str) -> bool:
    """Return True when the address has used up its hourly limit, without counting this request.

    NOTE: two requests that check at the same moment can both pass, so the limit may be
    exceeded by the number of concurrent requests.
    """
    limit = hourly_limit(purpose)
    if hit_count(request, purpose) < limit:
        return False
    logger.info("complaints %s rejected: hourly limit of %s reached", purpose, limit)
    return True


def _counter_key(request: HttpRequest, purpose: str) -> str:
    return f"complaints:{purpose}:{address_digest(request)}"


def hit_count(request: HttpRequest, purpose: str) -> int:
    """Return how many requests for ``purpose`` the address made in its current window."""
    return ratelimit.hit_count(_counter_key(request, purpose))


def count_hit(request: HttpRequest, purpose: str, window_seconds: int = HOUR_SECONDS) -> int:
    """Count one request for ``purpose`` from the client's address; return the count so far."""
    return ratelimit.count_hit(_counter_key(request, purpose), window_seconds)


def first_rating_of_page(request: HttpRequest, page: str, page_id: int) -> bool:
    """Return True the first time an address rates a page within a day, False after that."""
    key = f"complaints:rated:{page}:{page_id}:{address_digest(request)}"
    return bool(cache.add(key, 1, timeout=DAY_SECONDS))
