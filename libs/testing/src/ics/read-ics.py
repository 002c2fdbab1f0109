"""Reads an iCalendar feed from stdin with PyPI's icalendar (independent of the library that wrote it) and prints
its calendar name and events as JSON. Exits non-zero when the feed does not parse."""
import json
import sys

import icalendar

cal = icalendar.Calendar.from_ical(sys.stdin.buffer.read())
events = []
for ev in cal.walk("VEVENT"):
    start = ev.decoded("DTSTART")
    events.append(
        {
            "uid": str(ev.get("UID")),
            "summary": str(ev.get("SUMMARY")),
            "description": str(ev.get("DESCRIPTION", "")),
            "url": str(ev.get("URL", "")),
            "sequence": int(ev.get("SEQUENCE", 0)),
            # An all-day event has a DATE (not a DATE-TIME) start.
            "allDay": type(start).__name__ == "date",
            "start": start.isoformat(),
        }
    )
print(json.dumps({"name": str(cal.get("X-WR-CALNAME", "")), "version": str(cal.get("VERSION")), "events": events}))
