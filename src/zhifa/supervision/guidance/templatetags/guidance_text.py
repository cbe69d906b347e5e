"""Template filters for Chinese text that people typed, such as an acknowledgement's feedback."""

from django import template

register = template.Library()

# Marks that end a sentence, full-width and ASCII.
SENTENCE_ENDS = frozenset("。！？；…!?;.")
# Closing quotes and brackets that may follow the mark that ends a sentence: “已整改。”
CLOSING_MARKS = "”’」』）)\"'"


@register.filter
def end_sentence(text: str) -> str:
    """Return ``text`` with "。" appended, unless it already ends with a sentence mark."""
    text = str(text).rstrip()
    if not text or text.rstrip(CLOSING_MARKS)[-1:] in SENTENCE_ENDS:
        return text
    return text + "。"
