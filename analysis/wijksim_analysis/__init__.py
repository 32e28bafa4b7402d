"""wijksim_analysis — read wijksim result files, compare scenarios, write the report.

Modules: data (xarray reading), settings (the stored scenario text as path = value
lines), stats (scipy.stats intervals), indicators (headline groups, minimal
relevant differences, the tidy comparison table), labels (English and Dutch
text), figures (matplotlib, SVG), report (jinja2 HTML), compare (terminal table
and CSVs), decompose (the optional /decompose group).
"""

__all__ = ["data", "settings", "stats", "indicators", "labels", "figures", "report",
           "compare", "decompose"]
