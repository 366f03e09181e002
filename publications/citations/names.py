"""Personal names as reference formats want them: family and given, or one literal.

Author.name is one string as the institute writes it: "이태림" (Korean:
family name first, no space), "LEE TaeRim" (romanised, family name in
capitals first) or "Jane Smith". Korean and other CJK names are kept whole
(reference managers must not initialise "태림"); a romanised name with its
family name in capitals is split after it; anything else after the last word.
"""

import re
from dataclasses import dataclass

_CJK = re.compile(r"[\u1100-\u11ff\u3040-\u30ff\u3130-\u318f\u3400-\u9fff\uac00-\ud7af]")


@dataclass(frozen=True)
class PersonName:
    text: str  # as written on the site
    family: str = ""
    given: str = ""

    @property
    def is_literal(self):
        """True for names that must stay one piece (Korean, single words)."""
        return not self.family


def parse_name(text):
    text = " ".join(text.split())
    words = text.split(" ")
    if _CJK.search(text) or len(words) == 1:
        return PersonName(text)
    first = words[0]
    if len(first) > 1 and first.isupper() and not all(w.isupper() for w in words):
        # "LEE TaeRim": the family name is the word in capitals.
        return PersonName(text, family=first.capitalize(), given=" ".join(words[1:]))
    return PersonName(text, family=words[-1], given=" ".join(words[:-1]))
