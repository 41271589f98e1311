"""What the capture services tell follow-up (which imports us, never the other way), inside the saving transaction.
Follow-up has one receiver for both (followups.receivers) and one entry point behind it (follow_up_sync)."""

from django.dispatch import Signal

# An interview, its people met or its debrief changed (created, rescheduled, people added or removed, hear-back
# date moved, debrief completed or reopened). Argument: interview. Sent once per service call.
interview_changed = Signal()

# An opportunity's status changed; each of its interviews reads it. Arguments: opportunity, old_status, new_status.
opportunity_status_changed = Signal()
