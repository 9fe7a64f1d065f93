"""Reading TimelineJS3 data for `import timelinejs`: its JSON as it is, or the CSV of its
Google Sheets template (the current columns, or the older Start Date / End Date ones)
turned into the JSON it stands for."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from typing import Any


class CannotImport(Exception):
    """The file cannot be read as a TimelineJS timeline; the message says why."""


def read_timeline(path: Path) -> dict[str, Any]:
    """A TimelineJS JSON file as it is, or a sheet's CSV as the JSON it stands for."""
    try:
        raw = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise CannotImport(f"{path}: cannot read the file ({error})") from None
    if path.suffix.lower() == ".csv":
        return timeline_from_rows(list(csv.DictReader(io.StringIO(raw))))
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as error:
        raise CannotImport(f"{path}:{error.lineno}:{error.colno}: not JSON: {error.msg} "
                           "(give TimelineJS's JSON, or the .csv of its sheet)") from None
    if not isinstance(data, dict) or not isinstance(data.get("events"), list):
        raise CannotImport(f"{path}: not a TimelineJS timeline: it needs an 'events' list")
    return data


def timeline_from_rows(rows: list[dict[str, str]]) -> dict[str, Any]:
    """The rows of TimelineJS's sheet template (or its older Start Date / End Date form)."""
    timeline: dict[str, Any] = {"events": [], "eras": []}
    for row in rows:
        row = {key.strip(): (value or "").strip() for key, value in row.items() if key}
        slide = slide_from_row(row)
        kind = row.get("Type", "").lower()
        if kind == "title":
            timeline["title"] = slide
        elif kind == "era":
            timeline["eras"].append(slide)
        elif any(row.values()):
            timeline["events"].append(slide)
    return timeline


def slide_from_row(row: dict[str, str]) -> dict[str, Any]:
    slide: dict[str, Any] = {
        "text": {"headline": row.get("Headline", ""), "text": row.get("Text", "")},
        "media": {"url": row.get("Media", ""), "credit": row.get("Media Credit", ""),
                  "caption": row.get("Media Caption", ""),
                  "thumbnail": row.get("Media Thumbnail", ""), "alt": row.get("Alt Text", "")},
        "display_date": row.get("Display Date", ""),
        "group": row.get("Group") or row.get("Tag", ""),
        "background": row.get("Background", ""),
    }
    if "Start Date" in row or "End Date" in row:  # the older sheet
        slide["start_date"] = date_from_text(row.get("Start Date", ""))
        slide["end_date"] = date_from_text(row.get("End Date", ""))
    else:
        slide["start_date"] = {"year": row.get("Year", ""), "month": row.get("Month", ""),
                               "day": row.get("Day", ""), "time": row.get("Time", "")}
        slide["end_date"] = {"year": row.get("End Year", ""), "month": row.get("End Month", ""),
                             "day": row.get("End Day", ""), "time": row.get("End Time", "")}
    return slide


def date_from_text(text: str) -> dict[str, str]:
    """YYYY, YYYY-MM-DD or M/D/YYYY, as the older sheet wrote dates."""
    if match := re.fullmatch(r"(-?\d+)(?:-(\d{1,2})(?:-(\d{1,2}))?)?", text):
        return {"year": match[1], "month": match[2] or "", "day": match[3] or ""}
    if match := re.fullmatch(r"(\d{1,2})/(\d{1,2})/(-?\d+)", text):
        return {"year": match[3], "month": match[1], "day": match[2]}
    return {"year": "", "display": text} if text else {}


