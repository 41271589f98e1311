"""Events the capture services send so that follow-up (which imports us, never the other way) can keep its
notes and reminder due times right. Receivers only call a service; no logic lives in them."""

from django.dispatch import Signal

# Sent inside the saving transaction after an interview, its people met or its debrief changed (created,
# rescheduled, people added or removed, hear-back date moved, debrief completed). Argument: interview.
interview_changed = Signal()

# Sent after an opportunity's status changed. Arguments: opportunity, old_status, new_status.
opportunity_status_changed = Signal()
