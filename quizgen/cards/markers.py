"""The marks a cloze card is made with: the hidden answer's fences and the gap shown for it."""

from __future__ import annotations

HIDE_OPEN = "\ue000"
"""Private-use character that `hide()` puts before a cloze answer; stripped from fact text."""

HIDE_CLOSE = "\ue001"
"""Private-use character that `hide()` puts after a cloze answer; stripped from fact text."""

SENTINELS = HIDE_OPEN + HIDE_CLOSE
"""Both markers, for stripping them out of fact text."""

GAP = "[...]"
"""What the front of a cloze card shows in place of the hidden answer."""
