"""Coverage over time as bars per month, laid out for an inline SVG."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.utils import dateformat

MAX_MONTHS = 60
BAR_WIDTH = 10
BAR_GAP = 2
HEIGHT = 80


@dataclass(frozen=True)
class Bar:
    month: date
    label: str
    count: int
    x: int
    # Strings, so that no locale puts a decimal comma into the SVG.
    y: str
    height: str


@dataclass(frozen=True)
class MonthlyChart:
    bars: list[Bar]
    total: int
    peak: Bar
    width: int
    height: int = HEIGHT

    @property
    def first(self) -> Bar:
        return self.bars[0]

    @property
    def last(self) -> Bar:
        return self.bars[-1]


def _months(first: date, last: date) -> list[date]:
    months, year, month = [], first.year, first.month
    while (year, month) <= (last.year, last.month):
        months.append(date(year, month, 1))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def monthly_chart(rows: Iterable[dict]) -> MonthlyChart | None:
    """Bars for the last MAX_MONTHS months up to the latest coverage, empty months
    included; `rows` are ArticleQuerySet.per_month() rows. None without coverage."""
    counts = {}
    for row in rows:
        month = row["month"]
        counts[date(month.year, month.month, 1)] = row["count"]
    if not counts:
        return None
    months = _months(min(counts), max(counts))[-MAX_MONTHS:]
    peak_count = max(counts.get(month, 0) for month in months)
    bars = []
    for index, month in enumerate(months):
        count = counts.get(month, 0)
        height = HEIGHT * count / peak_count
        bars.append(
            Bar(
                month=month,
                label=dateformat.format(month, "F Y"),
                count=count,
                x=index * (BAR_WIDTH + BAR_GAP),
                y=f"{HEIGHT - height:.2f}",
                height=f"{height:.2f}",
            )
        )
    return MonthlyChart(
        bars=bars,
        total=sum(bar.count for bar in bars),
        peak=max(bars, key=lambda bar: (bar.count, bar.month)),
        width=len(bars) * (BAR_WIDTH + BAR_GAP) - BAR_GAP,
    )
