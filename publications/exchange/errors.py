"""What an import or export tells its caller: the problems, or what it did."""

from collections import Counter


class ExchangeError(Exception):
    """A file (or request) that cannot be processed; `problems` names each by place."""

    def __init__(self, problems):
        self.problems = list(problems)
        super().__init__("\n".join(self.problems))

    def report(self, path, action):
        """The message a command prints: every problem, and that nothing was `action`."""
        count = len(self.problems)
        lines = [f"{path}: {count} problem{'s' if count != 1 else ''}, nothing {action}:"]
        return "\n".join(lines + [f"  {problem}" for problem in self.problems])


class Problems(list):
    """Collects every problem instead of stopping at the first one."""

    def add(self, place, message):
        self.append(f"{place}: {message}" if place else message)

    def raise_if_any(self):
        if self:
            raise ExchangeError(self)


class Report:
    """Counts per kind ("series", "articles", ...) of outcomes ("created", "updated", ...)."""

    IMPORT_KINDS = ("series", "authors", "articles", "attachments")
    IMPORT_OUTCOMES = ("created", "updated", "unchanged")

    def __init__(self, dry_run=False, kinds=IMPORT_KINDS, outcomes=IMPORT_OUTCOMES):
        self.dry_run = dry_run
        self.outcomes = outcomes
        self.counts = {kind: Counter() for kind in kinds}

    def count(self, kind, outcome, n=1):
        self.counts.setdefault(kind, Counter())[outcome] += n

    def get(self, kind, outcome):
        return self.counts.get(kind, Counter())[outcome]

    @property
    def changed(self):
        """Whether anything was (or, on a dry run, would be) created, updated or removed."""
        return any(c[o] for c in self.counts.values() for o in c if o != "unchanged")

    def lines(self):
        """One line per kind: `articles: 2 created, 1 updated, 0 unchanged`."""
        result = []
        for kind, counter in self.counts.items():
            shown = list(self.outcomes) + [o for o in counter if o not in self.outcomes]
            result.append(f"{kind}: " + ", ".join(f"{counter[o]} {o}" for o in shown))
        return result
