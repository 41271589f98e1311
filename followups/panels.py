"""Panels follow-up makes for the pages of the app below it (settings.PAGE_PANELS), which never import us."""

from django.template.loader import render_to_string
from django.utils import timezone

from interviews.models import Interview
from interviews.selectors import interviews_visible_to

from . import rules
from .selectors import owed_state_of


def interview_owed(*, request, obj: Interview) -> str:
    """The interview page's account of what the interview still owes (followups.rules.owed, the rule Today, the
    calendar and the reminders read): for its owner with the link to act, for a linked recruiter to read. One
    query."""
    interview = owed_state_of(interviews_visible_to(user=request.user).filter(pk=obj.pk)).first()
    if interview is None:
        return ""
    now = timezone.now()
    context = {
        "interview": interview,
        "owed": rules.owed(interview, now=now),
        "now": now,
        "is_owner": interview.owner_id == request.user.pk,
    }
    return render_to_string("followups/partials/owed_panel.html", context, request=request)
