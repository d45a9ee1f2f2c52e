"""Score each document's body text with standard readability formulas (offline, via textstat)."""

from __future__ import annotations

from dataclasses import dataclass

from .compose import ComposedDocument

WORDS_PER_MINUTE = 200
"""Typical adult silent reading speed used for the reading-time estimate."""


@dataclass(frozen=True)
class ReadabilityScore:
    """Readability figures for one document."""

    form_id: str
    title: str
    words: int
    sentences: int
    flesch_kincaid_grade: float
    smog_grade: float
    flesch_reading_ease: float
    minutes: float


def prose(doc: ComposedDocument) -> str:
    """Return the sentences a client reads: intro, clauses, bullet points and attestation.

    Headings and form rows are labels, not sentences, so they are left out; a bullet point
    without closing punctuation is scored as a sentence of its own.
    """
    parts = list(doc.intro)
    for section in doc.sections:
        for clause in section.clauses:
            parts += clause.paragraphs + clause.items
    parts += doc.attestation
    return " ".join(p if p.rstrip()[-1:] in ".!?:" else p + "." for p in parts)


def score_document(doc: ComposedDocument) -> ReadabilityScore:
    """Return the readability figures of one composed document."""
    import textstat

    text = prose(doc)
    words = textstat.lexicon_count(text)
    return ReadabilityScore(
        form_id=doc.form_id,
        title=doc.title,
        words=words,
        sentences=textstat.sentence_count(text),
        flesch_kincaid_grade=round(textstat.flesch_kincaid_grade(text), 1),
        smog_grade=round(textstat.smog_index(text), 1),
        flesch_reading_ease=round(textstat.flesch_reading_ease(text), 1),
        minutes=round(words / WORDS_PER_MINUTE, 1),
    )
