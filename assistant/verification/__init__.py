"""Answer verification: a draft + its evidence -> only what the sources back, with exact quotes.

figure grounding (grounding.py), the place check (places.py), refusals (refusal.py), thin answers
(thin.py), the sentence check and quotes (check.py, quotes.py), streamed release (release.py), and
the fallback decision (fallback.py); thresholds in assistant.answer_policy.AnswerPolicy.
"""

from assistant.verification.check import check_answer
from assistant.verification.checked import CheckedAnswer, Citation
from assistant.verification.fallback import Extract, Verdict, failure_note, failure_reason, settle
from assistant.verification.places import passages_for_named_places
from assistant.verification.refusal import NOTHING_ANSWERS, NOTHING_RETRIEVED, REFUSAL_MARKERS, is_refusal
from assistant.verification.release import Release

__all__ = [
    "NOTHING_ANSWERS",
    "NOTHING_RETRIEVED",
    "REFUSAL_MARKERS",
    "CheckedAnswer",
    "Citation",
    "Extract",
    "Release",
    "Verdict",
    "check_answer",
    "failure_note",
    "failure_reason",
    "is_refusal",
    "passages_for_named_places",
    "settle",
]
