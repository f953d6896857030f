"""The answer stage's thresholds in one place: reading history and evidence, checking and completing answers.

Settings.answer_policy (JSON) overrides fields; assistant.wiring turns it into an AnswerPolicy.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class AnswerPolicy:
    """How strict the answer stage is. Each field says what it protects against."""

    # Evidence the model reads
    relative_score: float = 0.35  # a passage under this share of the best score is noise (SCORE_RANGE)
    focus_chars: int = 160  # of a passage's best sentences: more passages fit the token budget
    long_sentence_share: float = 0.5  # a sentence over this share of focus_chars is read by clause

    # Figure and wording checks
    figure_overlap: float = 0.2  # wording share a source sentence needs to ground a figure
    worded_support: float = 0.3  # share of a figure-free sentence's wording its passage must contain
    min_worded_bigrams: int = 4  # a shorter sentence ("是。") stands or falls with its citation
    sign_off_chars: int = 20  # an issuer's name before a date, as in a document's sign-off line
    min_place_chars: int = 2  # a one-character stem ("市") names no place

    # Thin answers get the sources' own words
    thin_chars: int = 30  # a figure-free answer shorter than this says too little
    echo_share: float = 0.5  # an answer with this share of its bigrams from the question repeats it
    quoted_name_chars: int = 24  # a quoted programme name (“某某计划”) is at most this long

    # Extractive answers (sentences copied from the sources)
    min_coverage: float = 0.3  # share of the question's weighted words a sentence must contain
    # Measured on the blind dev2 set (extractive, with the year check): unanswerable questions refused
    # 0.571 -> 1.000 (seeds) and 0.571 -> 0.929 (reports); must_include 0.978 and 0.857 -> 0.873.
    indicator_coverage: float = 0.25  # of the asked indicator a figure's own words must name; 0: no check
    max_sentences: int = 3  # more copied sentences bury the one that answers
    later_floor_of_coverage: float = 0.7  # a further sentence may cover a bit less than the first...
    later_floor_of_best: float = 0.6  # ...but not far less than the best sentence found
    heading_share: float = 0.5  # title and headings often hold the place and year, not the claim
    position_bonus: float = 0.02  # per rank: of two equal sentences the better-ranked passage wins
    part_min_chars: int = 6  # a shorter piece of a question ("是吗") asks nothing on its own
    min_sentence_chars: int = 6  # a shorter source sentence is a heading or a stray item number
    min_word_chars: int = 2  # one-character words (的, 年) say nothing about the topic

    # What the user is told
    fallback_reason_chars: int = 200  # an error's message is shown, not its whole dump
